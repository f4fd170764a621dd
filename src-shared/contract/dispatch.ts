/**
 * The one server-side entry for a contract call, shared by the Electron IPC handler and the HTTP
 * server: look the method up in the contract, validate its arguments, then call the service.
 * An unknown method or a malformed payload never reaches a handler.
 */
import { contractSchemas } from './schemas';
import { methodIds, type MethodId, type Services } from './services';
import { parseOrThrow, ValidationError } from '../base/validation';

export function isMethodId(value: string): value is MethodId {
  return (methodIds as string[]).includes(value);
}

export async function dispatch(
  services: Services,
  method: string,
  args: unknown,
): Promise<unknown> {
  if (!isMethodId(method)) {
    throw new ValidationError(`Unknown method "${method}"`, [
      { path: 'method', message: 'not in the contract' },
    ]);
  }
  const parsed = parseOrThrow(contractSchemas[method], args, method);
  const [service, name] = method.split('.') as [keyof Services, string];
  const target = services[service] as unknown as Record<
    string,
    (...a: unknown[]) => Promise<unknown>
  >;
  return target[name](...parsed);
}
