import * as vscode from 'vscode';
import { runSuite } from './suite';

/** The entry @vscode/test-electron calls (extensionTestsPath) when VS Code can be downloaded. */
export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) throw new Error('the integration suite needs the fixture folder open');
  const results = await runSuite(folder);
  for (const result of results)
    console.log(
      `${result.ok ? 'ok' : 'not ok'} - ${result.name} (${result.ms} ms)${result.error ? `\n${result.error}` : ''}`,
    );
  const failed = results.filter((result) => !result.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} integration test(s) failed`);
}
