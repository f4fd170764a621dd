/** Errors as the stores expose them: one sentence, in an `error` ref the view shows in place. */
import type { Ref } from 'vue';
import { messageOf } from '../../../src-shared/base/errors';

export { messageOf };

/** Runs `work`, clearing `error` first and setting it (instead of throwing) when work fails. */
export async function capture<T>(
  error: Ref<string | null>,
  work: () => Promise<T>,
): Promise<T | undefined> {
  error.value = null;
  try {
    return await work();
  } catch (e) {
    error.value = messageOf(e);
    return undefined;
  }
}
