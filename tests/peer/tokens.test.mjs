// Client tokens: JWT (the default) and T1 tokens minted by the official Node SDK join the
// emulator as clients with the role, data and layout classes they carry; tampered ones are
// refused; tokens minted by opentokd join the same way and pass the same independent check.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  OpenTok, apiKey, emulatorUrl, newSdk, sdkCall, join, clients, ctlOk, verifyToken,
} from './peer-env.mjs';

const sdk = newSdk();
const roles = ['subscriber', 'publisher', 'publisheronly', 'moderator'];
let sessionId;
let otherSessionId;

async function createRouted() {
  const { err, args } = await sdkCall(sdk, 'createSession', { mediaMode: 'routed' });
  assert.equal(err, null);
  return args[0].sessionId;
}

// join with a token that must be accepted; returns the emulator's view of the client
async function joinOk(token, sid = sessionId) {
  const r = await join(sid, token);
  assert.equal(r.status, 201, `join refused: ${r.text}`);
  const client = (await clients(sid)).find((c) => c.connectionId === r.json.connectionId);
  assert.ok(client, 'the joined client is not in the client list');
  return client;
}

async function joinRefused(token, sid = sessionId) {
  const r = await join(sid, token);
  assert.equal(r.status, 403, `join should be refused, got ${r.status} ${r.text}`);
  assert.equal(typeof r.json.reason, 'string');
  return r.json.reason;
}

// flip one character of a base64 text to another valid one
function flip(s, at) {
  const c = s[at];
  return s.slice(0, at) + (c === 'A' ? 'B' : 'A') + s.slice(at + 1);
}

// rebuild a T1 token from its decoded text
function encodeT1(plain) {
  return 'T1==' + Buffer.from(plain, 'utf8').toString('base64');
}
function decodeT1(token) {
  return Buffer.from(token.slice(4), 'base64').toString('utf8');
}

describe('client tokens', () => {
  before(async () => {
    sessionId = await createRouted();
    otherSessionId = await createRouted();
  });

  for (const type of ['JWT', 'T1']) {
    const t1 = type === 'T1';

    it(`SDK ${type} with role, data, expiry and layout classes joins as that client`, async () => {
      const expireTime = Math.floor(Date.now() / 1000) + 3600;
      const token = sdk.generateToken(sessionId, {
        role: 'moderator', data: 'name=alice&team=blue', expireTime,
        initialLayoutClassList: ['focus', 'big'],
      }, t1);
      assert.equal(token.startsWith('T1=='), t1);
      const claims = verifyToken(token, sessionId);
      assert.equal(claims.role, 'moderator');
      assert.equal(claims.expire_time, expireTime);
      const client = await joinOk(token);
      assert.equal(client.role, 'moderator');
      assert.equal(client.data, 'name=alice&team=blue');
      assert.equal(client.initialLayoutClassList, 'focus big');
    });

    it(`SDK ${type} with no options joins as a publisher without data`, async () => {
      const token = sdk.generateToken(sessionId, undefined, t1);
      verifyToken(token, sessionId);
      const client = await joinOk(token);
      assert.equal(client.role, 'publisher');
      assert.equal(client.data, '');
    });

    it(`SDK ${type} for every role`, async () => {
      for (const role of roles) {
        const client = await joinOk(sdk.generateToken(sessionId, { role, data: role }, t1));
        assert.equal(client.role, role);
        assert.equal(client.data, role);
      }
    });

    it(`SDK ${type} for one session does not open another`, async () => {
      const token = sdk.generateToken(otherSessionId, {}, t1);
      await joinRefused(token, sessionId);
      await joinOk(token, otherSessionId);
    });

    it(`opentokd ${type} with role, data, expiry and layout classes joins as that client`, async () => {
      const { token } = await ctlOk('token', sessionId, '--type', type, '--role', 'moderator',
        '--data', 'name=bob&team=red', '--expire-in', '3600',
        '--layout-class', 'focus', '--layout-class', 'big');
      assert.equal(token.startsWith('T1=='), t1);
      const claims = verifyToken(token, sessionId);
      assert.equal(claims.role, 'moderator');
      const client = await joinOk(token);
      assert.equal(client.role, 'moderator');
      assert.equal(client.data, 'name=bob&team=red');
      assert.equal(client.initialLayoutClassList, 'focus big');
    });

    it(`opentokd ${type} for every role`, async () => {
      for (const role of roles) {
        const { token } = await ctlOk('token', sessionId, '--type', type, '--role', role,
          '--data', role);
        verifyToken(token, sessionId);
        const client = await joinOk(token);
        assert.equal(client.role, role);
        assert.equal(client.data, role);
      }
    });
  }

  it('SDK and opentokd tokens carry the same claims for the same options', async () => {
    const expireTime = Math.floor(Date.now() / 1000) + 7200;
    const opts = { role: 'subscriber', data: 'x=1 y=2', expireTime,
                   initialLayoutClassList: ['a', 'b'] };
    const ctlArgs = ['--role', 'subscriber', '--data', 'x=1 y=2', '--expire-time',
                     String(expireTime), '--layout-class', 'a', '--layout-class', 'b'];
    for (const type of ['JWT', 'T1']) {
      const sdkClaims = verifyToken(sdk.generateToken(sessionId, opts, type === 'T1'), sessionId);
      const ourClaims = verifyToken(
        (await ctlOk('token', sessionId, '--type', type, ...ctlArgs)).token, sessionId);
      for (const k of ['session_id', 'role', 'expire_time', 'connection_data',
                       'initial_layout_class_list']) {
        if (type === 'JWT' && k === 'expire_time')
          assert.equal(ourClaims.exp, sdkClaims.exp, `${type} exp`);
        else
          assert.deepEqual(ourClaims[k], sdkClaims[k], `${type} claim ${k}`);
      }
    }
  });

  it('a T1 token with a tampered signature is refused', async () => {
    const token = sdk.generateToken(sessionId, { role: 'publisher' }, true);
    const plain = decodeT1(token);
    const bad = plain.replace(/sig=([0-9a-f])/, (m, c) => `sig=${c === '0' ? '1' : '0'}`);
    assert.notEqual(bad, plain);
    assert.throws(() => verifyToken(encodeT1(bad)), /signature/);
    await joinRefused(encodeT1(bad));
    // the untouched token still joins: the refusal was for the signature
    await joinOk(token);
  });

  it('a T1 token whose data was changed after signing is refused', async () => {
    const token = sdk.generateToken(sessionId, { role: 'publisher' }, true);
    const bad = encodeT1(decodeT1(token).replace('role=publisher', 'role=moderator'));
    await joinRefused(bad);
  });

  it('a JWT with a tampered signature is refused', async () => {
    const token = sdk.generateToken(sessionId, { role: 'publisher' });
    const dot = token.lastIndexOf('.');
    const bad = flip(token, dot + 3);
    assert.throws(() => verifyToken(bad), /signature/);
    await joinRefused(bad);
  });

  it('an opentokd T1 token with a tampered signature is refused', async () => {
    const { token } = await ctlOk('token', sessionId, '--type', 'T1');
    const plain = decodeT1(token);
    const bad = plain.replace(/sig=([0-9a-f])/, (m, c) => `sig=${c === '0' ? '1' : '0'}`);
    await joinRefused(encodeT1(bad));
  });

  it('a token signed with another secret is refused', async () => {
    const stranger = new OpenTok(apiKey, 'not-the-secret-0123456789abcdef', { apiUrl: emulatorUrl });
    await joinRefused(stranger.generateToken(sessionId, {}));
    await joinRefused(stranger.generateToken(sessionId, {}, true));
    const { err } = await sdkCall(stranger, 'createSession', {});
    assert.ok(err, 'the emulator accepted a REST call signed with another secret');
  });
});
