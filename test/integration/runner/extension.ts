import { renameSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { runSuite } from '../suite';

/**
 * A test-runner extension installed beside kube-maturity in code-server: on start-up it runs the
 * integration suite in this extension host and writes the results where the orchestrator waits for them.
 */
export async function activate(): Promise<void> {
  const resultsFile = process.env.KUBE_MATURITY_TEST_RESULTS;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!resultsFile || !folder) return;
  // Written whole, then renamed: the orchestrator never reads half a file.
  const publish = (outcome: object) => {
    writeFileSync(`${resultsFile}.partial`, JSON.stringify(outcome));
    renameSync(`${resultsFile}.partial`, resultsFile);
  };
  try {
    publish({ results: await runSuite(folder) });
  } catch (error) {
    publish({ error: (error as Error).stack ?? String(error) });
  }
}
