import type { Settings } from '../config/defaults.ts';
import { ContainersRuntime } from './containers/containers-runtime.ts';
import { ExternalRuntime } from './external/external-runtime.ts';
import { LocalRuntime } from './local/local-runtime.ts';
import type { Runtime } from './runtime.ts';

/** The runtime MIRRORDRILL_RUNTIME names (validated in defaults.ts): local JVMs by default. */
export function createRuntime(settings: Settings): Runtime {
  switch (settings.runtime) {
    case 'containers':
      return new ContainersRuntime(settings);
    case 'local':
      return new LocalRuntime(settings);
    case 'external':
      return new ExternalRuntime(settings);
  }
}
