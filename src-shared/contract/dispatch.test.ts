import { describe, expect, it, vi } from 'vitest';
import { dispatch } from './dispatch';
import { contractSchemas } from './schemas';
import { methodIds, type Services } from './services';
import { ValidationError } from '../base/validation';

/** A Services object whose every method is a spy, to prove which handlers ran. */
function spyServices(): Services {
  const services: Record<string, Record<string, ReturnType<typeof vi.fn>>> = {};
  for (const id of methodIds) {
    const [service, method] = id.split('.');
    services[service] ??= {};
    services[service][method] = vi.fn(async () => 'ran');
  }
  return services as unknown as Services;
}

describe('contract dispatch', () => {
  it('has exactly one argument schema per contract method', () => {
    expect(Object.keys(contractSchemas).sort()).toEqual([...methodIds].sort());
  });

  it('calls the handler with validated arguments', async () => {
    const services = spyServices();
    await expect(dispatch(services, 'runs.get', [7])).resolves.toBe('ran');
    expect(services.runs.get).toHaveBeenCalledWith(7);
  });

  it('rejects a malformed payload naming the field and what was expected, without running the handler', async () => {
    const services = spyServices();
    const call = dispatch(services, 'runs.update', [3, { name: 42 }]);
    await expect(call).rejects.toBeInstanceOf(ValidationError);
    await expect(call).rejects.toThrow(/runs\.update\[1\]\.name: .*string/i);
    expect(services.runs.update).not.toHaveBeenCalled();
  });

  it('refuses an empty or whitespace-only run name, naming the field', async () => {
    const services = spyServices();
    for (const name of ['', '  \t ']) {
      const call = dispatch(services, 'runs.update', [3, { name }]);
      await expect(call).rejects.toBeInstanceOf(ValidationError);
      await expect(call).rejects.toThrow('runs.update[1].name: must not be empty or only spaces');
    }
    await expect(dispatch(services, 'runs.update', [3, { name: ' x ' }])).resolves.toBe('ran');
    expect(services.runs.update).toHaveBeenCalledTimes(1);
  });

  it('rejects unknown fields, wrong ids and wrong arity', async () => {
    const services = spyServices();
    await expect(dispatch(services, 'runs.update', [3, { evil: true }])).rejects.toThrow(/evil/);
    await expect(dispatch(services, 'runs.get', [-1])).rejects.toThrow(/id must be > 0/);
    await expect(dispatch(services, 'runs.get', [1.5])).rejects.toThrow(/whole number/);
    await expect(dispatch(services, 'runs.get', [])).rejects.toThrow(ValidationError);
    await expect(dispatch(services, 'runs.get', 'nope')).rejects.toThrow(ValidationError);
    expect(services.runs.get).not.toHaveBeenCalled();
  });

  it('refuses a method that is not in the contract', async () => {
    const services = spyServices();
    await expect(dispatch(services, 'runs.constructor', [])).rejects.toThrow(
      /Unknown method "runs\.constructor"/,
    );
    await expect(dispatch(services, '__proto__.x', [])).rejects.toThrow(/Unknown method/);
  });
});
