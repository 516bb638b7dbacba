import type { AnyControl } from '../engine/control';
import missingCpuRequest from './stage3/missing-cpu-request';
import missingPdb from './stage5/missing-pdb';

/** Every control of the catalog, in catalog order (being filled in). */
export const allControls: readonly AnyControl[] = [missingCpuRequest, missingPdb] as AnyControl[];
