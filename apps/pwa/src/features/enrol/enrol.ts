import { EnrolResponse, type EnrolRequest } from '@aisle/domain/protocol';
import { ApiFailure, type ApiClient } from '../../api/api-client.ts';
import type { AisleDatabase } from '../../db/database.ts';
import { saveEnrolment, type Enrolment } from '../../db/device-store.ts';

export const ENROL_PATH = '/api/v1/devices/enrol';

/** Trades a one-time code for this device's credentials and stores them. */
export async function enrolDevice(db: AisleDatabase, client: ApiClient, code: string, now: Date): Promise<Enrolment> {
  const request: EnrolRequest = { code: code.trim() };
  const response = await client.post(ENROL_PATH, request, EnrolResponse);
  return saveEnrolment(db, response, now);
}

/** What went wrong, in the words of the person holding the device. */
export function describeEnrolFailure(error: unknown): string {
  if (!(error instanceof ApiFailure)) return 'Enrolment failed. Try again.';
  switch (error.kind) {
    case 'network':
    case 'unavailable':
      return 'Cannot reach the server. Enrolling needs a network connection: check Wi-Fi and try again.';
    case 'outdated':
      return 'This version of Aisle is too old for the server. Reload the page to update, then enrol.';
    case 'refused':
      if (error.code === 'enrolment_code_invalid') {
        return 'That enrolment code is not valid or has already been used. Ask your manager for a new one.';
      }
      return error.field === 'code' ? 'Enter the enrolment code exactly as shown (at least 4 characters).' : error.message;
    case 'unauthenticated':
    case 'bad_response':
      return 'The server gave an unexpected answer. Try again, or tell your manager.';
  }
}
