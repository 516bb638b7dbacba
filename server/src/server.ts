import {
  createConnection,
  type Diagnostic,
  DiagnosticSeverity,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { allControls } from './controls';
import type { Finding } from './engine/analyze';
import { defaultSettings } from './engine/config';
import { isManifestPath } from './engine/parse';
import { checkWorkspace } from './engine/workspace';

// The LSP layer is a thin caller of the engine: text in, findings out, findings to diagnostics.
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: finding.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: SEVERITY[finding.severity],
    code: finding.control,
    source: 'kube-maturity',
    message: `${finding.message} (stage ${finding.stage})`,
  };
}

function validateOpenDocuments(): void {
  const open = documents.all().filter((document) => isManifestPath(document.uri));
  const result = checkWorkspace(
    open.map((document) => ({ path: document.uri, text: document.getText() })),
    { settings: defaultSettings(), controls: allControls },
  );
  for (const document of open) {
    const diagnostics = result.analysis.findings
      .filter((finding) => finding.file === document.uri && !finding.exempt)
      .map(toDiagnostic);
    for (const problem of result.analysis.problems.filter((p) => p.file === document.uri)) {
      diagnostics.push({
        range: problem.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Error,
        source: 'kube-maturity',
        message: problem.message,
      });
    }
    connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  }
}

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
  serverInfo: { name: 'kube-maturity' },
}));
documents.onDidChangeContent(validateOpenDocuments);
documents.onDidClose((event) => connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] }));
documents.listen(connection);
connection.listen();
