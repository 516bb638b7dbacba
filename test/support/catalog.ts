import { readFileSync } from 'node:fs';
import type { PeerAliases } from '../../server/src/engine/control';
import { CATALOG } from './paths';

export interface CatalogEntry {
  id: string;
  stage: number;
  category: string;
  severity: string;
  fix: string;
  peers: PeerAliases;
}

const PEER_KEYS: Record<string, keyof PeerAliases> = { P: 'polaris', KL: 'kubeLinter', KS: 'kubeScore' };

/** Reads the control tables of the catalog (spec/controls.md beside the corpus). */
export function readCatalog(): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  let stage = 0;
  for (const line of readFileSync(CATALOG, 'utf8').split('\n')) {
    const heading = /^## Stage (\d)/.exec(line);
    if (heading) stage = Number(heading[1]);
    if (!line.startsWith('| ') || stage === 0) continue;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    if (cells.length !== 7 || cells[0] === 'id' || cells[0].startsWith('---')) continue;
    const [id, category, severity, , , fix, peersText] = cells;
    const peers: PeerAliases = {};
    let current: keyof PeerAliases | undefined;
    if (peersText !== '-') {
      for (const token of peersText.split(',').map((part) => part.replace(/\(.*?\)/g, '').trim())) {
        const match = /^(P|KL|KS) (.+)$/.exec(token);
        if (match) current = PEER_KEYS[match[1]];
        const name = (match ? match[2] : token).trim();
        if (!current) throw new Error(`peer without a prefix in ${id}: ${token}`);
        peers[current] = [...(peers[current] ?? []), name];
      }
    }
    entries.push({ id, stage, category, severity, fix, peers });
  }
  return entries;
}
