/** DoctorService: "Test this fix" — counterfactual runs that change only one field. */
import type { DoctorService, Services } from '../../../src-shared/contract/services';

export function createDoctorService(deps: { runs: Services['runs']; queue: Services['queue'] }): DoctorService {
  return {
    async testFix(runId, rule) {
      void deps;
      throw new Error(`Test this fix is not available yet (run ${runId}, rule ${rule})`);
    },
  };
}
