/**
 * The units a control is evaluated on (one container, one pod spec, one object, one namespace, the
 * workspace), the enabled controls, and the context each check receives.
 */
import type { Settings } from './config';
import type { AnyControl, ContextFor, Report, Scope, Severity, Span } from './control';
import type { ContainerRef, KubeObject } from './model';
import { declarationOrder, type ObjectIndex } from './objectIndex';
import { anchorOfObject, namespaceKeyOf } from './objectSummary';
import type { CheckOutcome } from './tallies';

/** A control the settings leave on, with what it applies to. */
export interface EnabledControl {
  control: AnyControl;
  /** The severity the settings give it, over the control's own. */
  configured?: Severity;
  /** Its place in the catalog: findings at one position are reported in this order. */
  order: number;
  kinds?: ReadonlySet<string>;
  /** Container scope: which lists of the pod spec. */
  init: boolean;
  main: boolean;
  ephemeral: boolean;
  /** The outcome of a check that passed, or was exempt, reading and reporting nothing (shared by all). */
  settledPassed: CheckOutcome;
  settledExempt: CheckOutcome;
}

export function isLocalScope(scope: Scope): boolean {
  return scope === 'container' || scope === 'podSpec' || scope === 'object';
}

/** The controls the settings leave on, in catalog order. */
export function enableControls(settings: Settings, controls: readonly AnyControl[]): EnabledControl[] {
  const enabled: EnabledControl[] = [];
  controls.forEach((control, order) => {
    const configured = settings.severities[control.meta.id];
    if (configured === 'off') return;
    const containerKinds = control.meta.containerKinds ?? ['container'];
    enabled.push({
      control,
      configured,
      order,
      kinds: control.meta.kinds ? new Set(control.meta.kinds) : undefined,
      init: containerKinds.includes('initContainer'),
      main: containerKinds.includes('container'),
      ephemeral: containerKinds.includes('ephemeralContainer'),
      settledPassed: { control, outcome: 'passed' },
      settledExempt: { control, outcome: 'exempt' },
    });
  });
  return enabled;
}

/** One unit a control is evaluated on. */
export interface Unit {
  /** Stable across runs: what a cached check is found by. */
  id: string;
  scope: Scope;
  object?: KubeObject;
  container?: ContainerRef;
  /** Namespace units: the namespace and its workloads. */
  namespace?: string;
  workloads?: KubeObject[];
  /** Given for namespace and workspace units; computed when needed for the others. */
  subject?: string;
  anchor?: Span;
  anchored?: boolean;
  /** Whose annotations and comments can exempt the check, when not `object` (namespace checks). */
  exemptionObject?: KubeObject | null;
}

/** The context one check of a unit receives: its own index view and its own report sink. */
export function checkContext(
  unit: Unit,
  index: ObjectIndex,
  settings: Settings,
  report: (report: Report) => void,
): ContextFor[Scope] {
  const { object, container } = unit;
  switch (unit.scope) {
    case 'container':
      return { index, settings, object: object!, podSpec: object!.podSpec!, container: container!, report };
    case 'podSpec':
      return { index, settings, object: object!, podSpec: object!.podSpec!, report };
    case 'object':
      return { index, settings, object: object!, report };
    case 'namespace':
      return {
        index,
        settings,
        namespace: unit.namespace!,
        workloads: unit.workloads!,
        object: object!,
        report,
      };
    case 'workspace':
      return { index, settings, report };
  }
}

const NO_CONTAINERS: ContainerRef[] = [];

/**
 * The local units (container, pod spec, object) of one object: the one place their ids are made, for a
 * first run and for finding a cached check's unit again.
 */
export class ObjectUnits {
  private containerIds?: Map<ContainerRef, string>;

  constructor(readonly object: KubeObject) {}

  /** The units of one control on this object, in container order (none when it does not apply). */
  forEach(entry: EnabledControl, visit: (unit: Unit) => void): void {
    const { object } = this;
    const scope = entry.control.meta.scope;
    if (scope === 'object') {
      if (!entry.kinds || entry.kinds.has(object.kind)) visit({ id: object.key, scope, object });
      return;
    }
    const podSpec = object.podSpec;
    if (!podSpec) return;
    if (scope === 'podSpec') {
      visit({ id: object.key, scope, object });
      return;
    }
    if (scope !== 'container') return;
    for (const list of [
      entry.init ? podSpec.initContainers : NO_CONTAINERS,
      entry.main ? podSpec.containers : NO_CONTAINERS,
      entry.ephemeral ? podSpec.ephemeralContainers : NO_CONTAINERS,
    ])
      for (const container of list) visit({ id: this.containerId(container), scope, object, container });
  }

  /** The unit of a control with this id, when the object still has it. */
  find(entry: EnabledControl, id: string): Unit | undefined {
    let found: Unit | undefined;
    this.forEach(entry, (unit) => {
      if (unit.id === id) found = unit;
    });
    return found;
  }

  private containerId(container: ContainerRef): string {
    this.containerIds ??= new Map();
    let id = this.containerIds.get(container);
    if (id === undefined) {
      id = `${this.object.key}/${container.kind}[${container.index}]`;
      this.containerIds.set(container, id);
    }
    return id;
  }
}

/** The units of a namespace- or workspace-scoped control: re-run on every change, they are few. */
export function sharedUnitsOf(control: AnyControl, index: ObjectIndex): Unit[] {
  const scope = control.meta.scope;
  if (scope === 'workspace')
    return index.objects.length > 0 ? [{ id: 'workspace', scope, anchored: true }] : [];
  if (scope !== 'namespace') return [];
  const byNamespace = new Map<string, KubeObject[]>();
  for (const workload of index.workloads()) {
    const list = byNamespace.get(workload.namespace);
    if (list) list.push(workload);
    else byNamespace.set(workload.namespace, [workload]);
  }
  const units: Unit[] = [];
  for (const [namespace, workloads] of byNamespace) {
    const namespaceObject = index
      .ofKind('Namespace')
      .find((object) => object.name === namespace && namespace !== '');
    // Without a Namespace object, the namespace's findings go on its first workload in path order.
    const first = workloads.reduce((earliest, workload) =>
      declarationOrder(workload, earliest) < 0 ? workload : earliest,
    );
    const object = namespaceObject ?? first;
    const anchor = namespaceObject
      ? anchorOfObject(namespaceObject)
      : (namespaceKeyOf(object) ?? anchorOfObject(object));
    units.push({
      id: `namespace:${namespace}`,
      scope,
      object,
      namespace,
      workloads,
      subject: namespace
        ? `namespace ${namespace}`
        : `the unnamed namespace (${workloads.length === 1 ? 'one workload' : `${workloads.length} workloads`} without metadata.namespace; shown on the first in path order)`,
      anchor,
      anchored: true,
      exemptionObject: namespaceObject ?? null,
    });
  }
  return units;
}
