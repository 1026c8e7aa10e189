// The client (and through it class-validator and the NATS libraries) takes seconds to load on a busy
// machine; help and usage errors must not wait for it. It is required on first use. `require`, not
// `import()`: under tsx's CommonJS hook a dynamic import would bypass the @modelbus/* path aliases.
type ClientModule = typeof import('@modelbus/client');

let loaded: ClientModule | undefined;

export function clientModule(): ClientModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('@modelbus/client') as ClientModule;
  return loaded;
}

/** The module if some command already needed it (an error can only be a client error then). */
export const loadedClientModule = (): ClientModule | undefined => loaded;
