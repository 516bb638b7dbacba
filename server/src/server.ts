import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { KubeMaturityServer } from './lsp/languageServer';

// `node dist/server.js --stdio` (or --node-ipc, as the VS Code client starts it).
const connection = createConnection(ProposedFeatures.all);
// Last line of defence: a failed promise is logged, never the end of the server (every known one is handled).
process.on('unhandledRejection', (reason) => {
  connection.console.error(
    `kube-maturity: unexpected failure: ${(reason as Error)?.stack ?? String(reason)}`,
  );
});
new KubeMaturityServer(connection).listen();
