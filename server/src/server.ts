import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { KubeMaturityServer } from './lsp/languageServer';

// `node dist/server.js --stdio` (or --node-ipc, as the VS Code client starts it).
new KubeMaturityServer(createConnection(ProposedFeatures.all)).listen();
