import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type AccessInput, bannerText } from '../src/access';

const writer: AccessInput = { readOnly: false, signedOut: null, host: false, noAccess: false };

test('the banner names what is wrong and what to do; a reader gets the badge, not a banner', () => {
  assert.equal(bannerText(writer), null);
  assert.equal(bannerText({ ...writer, readOnly: true }), null);
  assert.match(bannerText({ ...writer, signedOut: { expired: false } })!, /^You are not signed in.*Open this document again from the application/);
  assert.match(bannerText({ ...writer, signedOut: { expired: true } })!, /^Your session expired\. Edits not yet saved are kept/);
  assert.match(bannerText({ ...writer, signedOut: { expired: true }, host: true })!, /Waiting for the page this editor is part of/);
  assert.match(bannerText({ ...writer, noAccess: true })!, /^You do not have access to this document/);
});
