import { expect, test } from 'vitest';
import { matchRoute, orderPath } from '../src/app/router.ts';

test('routes: order list, order deep link (encoded ids round-trip), unknown', () => {
  expect(matchRoute('/')).toEqual({ name: 'orders' });
  expect(matchRoute('/orders/fo-1')).toEqual({ name: 'order', fulfilmentOrderId: 'fo-1' });
  expect(matchRoute(orderPath('fo/1 x'))).toEqual({ name: 'order', fulfilmentOrderId: 'fo/1 x' });
  expect(matchRoute('/orders/')).toEqual({ name: 'not_found', path: '/orders/' });
  expect(matchRoute('/orders/%E0%A4%A')).toEqual({ name: 'not_found', path: '/orders/%E0%A4%A' });
});
