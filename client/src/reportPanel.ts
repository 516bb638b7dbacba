import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { OPEN_LOCATION_COMMAND } from '../../server/src/protocol';
import { renderReportHtml } from '../../server/src/report/html';
import type { MaturityReport, ReportPlace } from '../../server/src/report/maturity';

const VIEW_TYPE = 'kubeMaturity.report';

/** A link of the page: opens the place's file at its line through the one command the page may run. */
function linkOf(place: ReportPlace): string | undefined {
  if (!place.uri) return undefined;
  const start = place.range?.start ?? { line: 0, character: 0 };
  return `command:${OPEN_LOCATION_COMMAND}?${encodeURIComponent(JSON.stringify([place.uri, start.line, start.character]))}`;
}

/**
 * The Maturity report webview: one panel, drawn again from the server's report whenever the results
 * change while it is open. Its page runs no script; its links are command URIs of one command.
 */
export class ReportPanel implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private html = '';
  /** The results changed while the panel was hidden: it is drawn again when shown. */
  private stale = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly load: () => Promise<MaturityReport[] | undefined>) {
    this.disposables.push(
      vscode.commands.registerCommand(OPEN_LOCATION_COMMAND, async (uri: string, line = 0, character = 0) => {
        const position = new vscode.Position(line, character);
        await vscode.window.showTextDocument(vscode.Uri.parse(uri), {
          selection: new vscode.Range(position, position),
          viewColumn: vscode.ViewColumn.One,
        });
      }),
    );
  }

  /** Opens the panel (or brings it forward) with the current report. */
  async show(): Promise<void> {
    if (this.panel) this.panel.reveal();
    else {
      this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Maturity report', vscode.ViewColumn.Active, {
        enableScripts: false,
        enableCommandUris: [OPEN_LOCATION_COMMAND],
        localResourceRoots: [],
        retainContextWhenHidden: false,
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      });
      this.panel.onDidChangeViewState(({ webviewPanel }) => {
        if (webviewPanel.visible && this.stale) void this.update();
      });
    }
    await this.update();
  }

  /** Draws the report again if the panel is open and seen (a hidden one when it is shown again). */
  async update(): Promise<void> {
    if (!this.panel) return;
    if (!this.panel.visible) {
      this.stale = true;
      return;
    }
    this.stale = false;
    const reports = await this.load();
    if (!reports || !this.panel) return;
    this.html = renderReportHtml(reports, { webview: { nonce: randomBytes(16).toString('base64') }, linkOf });
    this.panel.webview.html = this.html;
  }

  /** The page as last drawn ('' when the panel was never open): the integration tests read it. */
  currentHtml(): string {
    return this.panel ? this.html : '';
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
