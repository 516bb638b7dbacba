/**
 * Starts yaml-language-server (the package vscode-yaml runs) with its 200 ms validation debounce set to
 * 0, so that the keystroke benchmark compares the work each server does per edit rather than a timer:
 * kube-maturity has no debounce. Everything else is the package as shipped; the benchmark passes
 * `--stdio` through.
 */
import settingsModule = require('yaml-language-server/out/server/src/yamlSettings');

const exportsObject = settingsModule as unknown as Record<string, unknown>;
const Original = settingsModule.SettingsState;
exportsObject.SettingsState = class extends Original {
  constructor() {
    super();
    this.validationDelayMs = Number(process.env.YLS_VALIDATION_DELAY_MS ?? 0);
  }
};
require('yaml-language-server/out/server/src/server.js');
