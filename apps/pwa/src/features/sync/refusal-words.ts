import type { PickLineRefusalCode } from '@aisle/domain';

// Stable codes from the server and the domain, in the words an associate reads.
const WORDS: Record<PickLineRefusalCode, string> = {
  not_pickable: 'The order was no longer open for picking (cancelled, rerouted or already done). Put the item back.',
  line_not_found: 'That line is no longer on the order. Put the item back.',
  line_already_picked: 'Someone else already picked every unit of this line. Put the item back.',
  quantity_exceeds_open: 'More units were picked than the line still needed. Put the extra back.',
};

const OTHER_WORDS: Readonly<Record<string, string>> = {
  command_id_reused: 'The server had already seen this action from another device.',
  forbidden: 'This device may not change that order.',
  not_found: 'The server does not know that order any more.',
  invalid_body: 'The server could not read this action (app and server disagree). Tell your manager.',
  payload_too_large: 'The action was too large to send.',
};

export function describeRefusal(reason: { code: string; message: string }): string {
  return (WORDS as Readonly<Record<string, string>>)[reason.code] ?? OTHER_WORDS[reason.code] ?? reason.message;
}
