import { pathToFileURL } from 'node:url';
import type { CodeActionContext, Diagnostic } from 'vscode-languageserver/node';
import type { Analyzer } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/config';
import { parseFile } from '../../server/src/engine/parse';
import type { CodeActionInput } from '../../server/src/lsp/codeActions';
import { documentDiagnostics } from '../../server/src/lsp/diagnostics';
import { FixPreview } from '../../server/src/lsp/fixes';
import { newAnalyzer } from '../../server/src/lsp/folders';

/** An analyzer as the language server makes it (lazy fixes), holding the files by path. */
export function analyzerOf(files: Record<string, string>): Analyzer {
  const analyzer = newAnalyzer(defaultSettings());
  for (const [path, text] of Object.entries(files)) analyzer.setFile(parseFile(path, text));
  return analyzer;
}

/** What the server publishes for a file, as the client sends it back in a code action's context. */
export function diagnosticsOf(analyzer: Analyzer, path: string): Diagnostic[] {
  return documentDiagnostics(analyzer.problemsOf(path), analyzer.findingsOf(path), 1, 'fairwinds');
}

export function diagnosticOf(analyzer: Analyzer, path: string, control: string, nth = 0): Diagnostic {
  const diagnostic = diagnosticsOf(analyzer, path).filter((candidate) => candidate.code === control)[nth];
  if (!diagnostic) throw new Error(`no ${control} diagnostic in ${path}`);
  return diagnostic;
}

/** The input of `codeActions` for a file of the analyzer, as the server builds it. */
export function codeActionInput(
  analyzer: Analyzer,
  path: string,
  context: CodeActionContext,
  analysisIsCurrent = true,
): CodeActionInput {
  const preview = new FixPreview(analyzer, newAnalyzer(defaultSettings()));
  return {
    uri: pathToFileURL(path).toString(),
    file: analyzer.getFile(path)!,
    findings: analyzer.findingsOf(path),
    fixOf: (finding) => analyzer.fixOf(finding),
    context,
    analysisIsCurrent,
    fixAllEdit: (scope) => preview.fileEdit(path, scope),
  };
}
