import { formatPickupLabel, parsePickupCode } from '@aisle/domain';
import QRCode from 'qrcode';
import { minorUnitDigits } from '../channels/money.ts';
import type { NotificationData, NotificationKind } from './outbox.ts';

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; content: Buffer; contentType: string; cid: string }[];
}

export const PICKUP_QR_CID = 'pickup-code@aisle';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * What the QR holds: `AP:<code>` (AL6), so the counter's `classifyScan`
 * recognises a pickup code. The server issues only domain-format codes
 * (secrets.ts); anything else would be encoded exactly as printed.
 */
export function pickupQrPayload(code: string): string {
  const parsed = parsePickupCode(code);
  return parsed.ok ? formatPickupLabel(parsed.value) : code;
}

/** Integer minor units → `£19.99`, without floating point in the amount. */
export function formatMoney(amountMinor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const whole = Math.trunc(amountMinor / 10 ** digits);
  const frac = String(amountMinor % 10 ** digits).padStart(digits, '0');
  const decimal = (digits > 0 ? `${whole}.${frac}` : `${whole}`) as `${number}`;
  try {
    // Intl is handed the decimal string, so it only formats; it never does the arithmetic.
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(decimal);
  } catch {
    return `${decimal} ${currency}`;
  }
}

/**
 * The e-mail for one notification, rendered when it is sent (so a template fix
 * applies to messages still queued). `trackingUrl` is minted per message.
 */
export async function renderMessage(kind: NotificationKind, data: NotificationData, opts: { pickupCode: string | null; trackingUrl: string }): Promise<RenderedMessage> {
  const hello = `Hello ${data.firstName},`;
  const track = `Follow your order: ${opts.trackingUrl}`;
  const trackHtml = `<p><a href="${escapeHtml(opts.trackingUrl)}">Follow your order</a></p>`;
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const store = data.storeName ?? 'the store';
  switch (kind) {
    case 'ready_for_pickup': {
      const subject = `Order ${data.orderNumber} is ready for pickup at ${store}`;
      if (!opts.pickupCode) {
        const body = `Your order ${data.orderNumber} is ready for pickup at ${store}. Bring this e-mail and a photo ID.`;
        return { subject, text: `${hello}\n\n${body}\n\n${track}\n`, html: `${p(hello)}${p(body)}${trackHtml}`, attachments: [] };
      }
      const png = await QRCode.toBuffer(pickupQrPayload(opts.pickupCode), { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
      const body = `Your order ${data.orderNumber} is ready for pickup at ${store}. Show this code at the counter:`;
      return {
        subject,
        text: `${hello}\n\n${body}\n\n    ${opts.pickupCode}\n\n(The QR code in this e-mail holds the same code.)\n\n${track}\n`,
        html:
          `${p(hello)}${p(body)}<p style="font-size:1.6em;font-family:monospace;letter-spacing:.1em"><strong>${escapeHtml(opts.pickupCode)}</strong></p>` +
          `<p><img src="cid:${PICKUP_QR_CID}" alt="Pickup code ${escapeHtml(opts.pickupCode)} as a QR code" width="240" height="240"></p>${trackHtml}`,
        attachments: [{ filename: 'pickup-code.png', content: png, contentType: 'image/png', cid: PICKUP_QR_CID }],
      };
    }
    case 'shipped': {
      const body = `Your order ${data.orderNumber} is on its way with ${data.carrier ?? 'the carrier'}, tracking number ${data.trackingNumber ?? '(none)'}.`;
      return { subject: `Order ${data.orderNumber} has shipped`, text: `${hello}\n\n${body}\n\n${track}\n`, html: `${p(hello)}${p(body)}${trackHtml}`, attachments: [] };
    }
    case 'pickup_expired': {
      const body = `Your order ${data.orderNumber} waited for you at ${store}, but the pickup time has passed and it is no longer held. Contact us if you still want it.`;
      return { subject: `Order ${data.orderNumber}: the pickup time has passed`, text: `${hello}\n\n${body}\n\n${track}\n`, html: `${p(hello)}${p(body)}${trackHtml}`, attachments: [] };
    }
    case 'refund_issued': {
      // enqueueRefundNotification refuses a refund without both, so a row lacking them is corrupt:
      // fail the attempt (it is retried, then kept as dead and listed) rather than mail a wrong amount.
      if (data.amountMinor === undefined || data.currency === undefined) throw new Error(`refund notification ${data.orderNumber} has no amount or currency`);
      const amount = formatMoney(data.amountMinor, data.currency);
      const body = `We have issued a refund of ${amount} for your order ${data.orderNumber}. It can take a few days to show on your statement.`;
      return { subject: `Order ${data.orderNumber}: refund of ${amount} issued`, text: `${hello}\n\n${body}\n\n${track}\n`, html: `${p(hello)}${p(body)}${trackHtml}`, attachments: [] };
    }
  }
}
