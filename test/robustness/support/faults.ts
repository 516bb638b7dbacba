/**
 * Fault injection, preloaded into the CLI or the server under test (`node --require faults.js …`): makes one
 * control throw without changing the product. missing-priority-class reads `priorityClassName` with
 * `String.prototype.trim`; when the value is $KM_FAULT_VALUE, trim throws, as a bug in that control would.
 * Nothing else in the engine trims that value, so only that control (on that object) fails.
 */
const marker = process.env.KM_FAULT_VALUE;

if (marker) {
  const originalTrim = String.prototype.trim;
  Object.defineProperty(String.prototype, 'trim', {
    configurable: true,
    writable: true,
    value: function trim(this: string) {
      if (String(this) === marker) throw new Error(`injected fault on "${marker}"`);
      return originalTrim.call(this);
    },
  });
}
