#!/usr/bin/env node
// Conformance: Neynar's own Node SDK (@neynar/nodejs-sdk) drives a Studio API (the
// neynar-studio emulator), and every HTTP answer is validated against the spec.
//
//   npm ci --prefix scripts/sdk-conformance
//   neynar-studio emulator --ready-after 0s --speed 10 --admin-key admin &
//   NEYNAR_API_URL=http://127.0.0.1:8787 NEYNAR_API_KEY=k NEYNAR_ADMIN_KEY=admin NEYNAR_FID=3 \
//     node scripts/sdk-conformance/check.mjs [--spec PATH]
//
// The start/stop steps expect the API key not to be a Studio admin key (a 403) and the admin
// key to be one.
//
// Options (or the environment): --base-url (NEYNAR_API_URL), --api-key (NEYNAR_API_KEY),
// --admin-key (NEYNAR_ADMIN_KEY: a Studio admin key, for start and stop; default the API key),
// --fid (NEYNAR_FID), --spec PATH (STUDIO_SPEC; default: ../shared/reference/
// openapi-studio-current.yaml beside the repository), --timeout SECONDS (whole run, 120).
//
// Every request the SDK makes is seen by an axios interceptor; its answer is matched to the
// spec's operation by method and path, and checked: the status must be one the operation
// declares; a declared JSON body must be JSON and validate against the schema (ajv,
// OpenAPI's `nullable` honoured, `$ref`s resolved); an event stream must be `data:` lines of
// JSON objects with a string `type`. Each step prints `ok <operationId> <status> (note)` or
// `FAIL <operationId>: <why>`; the exit code is 1 if anything failed.
//
// To cover another operation, add a step to STEPS: the SDK call, the operationId and the
// status it should answer. Validation needs nothing more.

import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, randomUUID, sign as edSign } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { Configuration, NeynarAPIClient } from '@neynar/nodejs-sdk';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import axios from 'axios';
import { load as loadYaml } from 'js-yaml';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');

// ---------------------------------------------------------------------------------------------
// The steps, run in order. `expect` lists the [operationId, status] answers the step must get
// (each printed as one line); `run` makes the SDK calls. `s` carries state between steps. A
// step whose expected status is an error may let the SDK's error propagate: the runner accepts
// an HTTP error whose status the step expects.

const STEPS = [
  {
    expect: [['create-deployment', 200]],
    run: async ({ sdk, fid, s }) => {
      const d = await sdk.createDeployment({
        createDeploymentRequest: { fid, display_name: 'sdk conformance', env: { GREETING: 'hi' } },
      });
      s.name = d.name;
      s.id = d.id;
    },
  },
  {
    note: 'by name and fid',
    expect: [['get-deployment', 200]],
    run: async ({ sdk, fid, s }) => {
      const d = await sdk.getDeployment({ name: s.name, fid });
      must(d.id === s.id, `the id is the one create answered (${d.id} vs ${s.id})`);
    },
  },
  {
    note: 'by deployment_id',
    expect: [['get-deployment', 200]],
    run: async ({ sdk, s }) => {
      const d = await sdk.getDeployment({ deploymentId: s.id });
      must(d.name === s.name, 'the name is the one create answered');
    },
  },
  {
    note: 'by name and namespace',
    expect: [['get-deployment', 200]],
    run: async ({ sdk, s }) => {
      const created = await sdk.getDeployment({ deploymentId: s.id });
      const d = await sdk.getDeployment({ name: s.name, namespace: created.namespace });
      must(d.id === s.id, 'the same deployment');
    },
  },
  {
    expect: [['list-deployments', 200]],
    run: async ({ sdk, fid, s }) => {
      const list = await sdk.listDeployments({ fid, limit: 10, sortBy: 'created_at' });
      must(Array.isArray(list) && list.some((d) => d.id === s.id), 'the new deployment is listed');
    },
  },
  {
    note: 'polled until is_ready',
    expect: [['get-deployment', 200]],
    run: async ({ sdk, fid, s }) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const d = await sdk.getDeployment({ name: s.name, fid });
        if (d.is_ready) {
          s.url = d.url;
          return;
        }
        must(Date.now() < deadline, 'ready within 60 s');
        await sleep(100);
      }
    },
  },
  {
    note: 'an event stream; a second prompt while it runs is queued',
    expect: [
      ['prompt-deployment-stream', 200],
      ['prompt-deployment-stream', 202],
    ],
    run: async ({ sdk, fid, s }) => {
      const stream = await sdk.promptDeploymentStream({
        promptDeploymentStreamRequest: { fid, name: s.name, prompt: 'a counter app' },
      });
      const events = consumeSse(stream);
      await events.first;
      const queued = await sdk.promptDeploymentStream({
        promptDeploymentStreamRequest: { fid, name: s.name, prompt: 'make it purple' },
      });
      must(queued?.queued === true, `the second prompt is queued (got ${JSON.stringify(queued)})`);
      const all = await events.done;
      must(all[0]?.type === 'connection', 'the stream opens with a connection event');
      must(all.at(-1)?.type === 'result', 'the stream ends with a result event');
      s.conversationId = queued.conversation_id;
    },
  },
  {
    note: 'by deployment_id, continuing the conversation',
    expect: [['prompt-deployment-stream', 200]],
    run: async ({ sdk, fid, s }) => {
      const stream = await sdk.promptDeploymentStream({
        promptDeploymentStreamRequest: {
          fid,
          deployment_id: s.id,
          conversation_id: s.conversationId,
          prompt: 'add a reset button',
        },
      });
      const all = await consumeSse(stream).done;
      must(all.at(-1)?.subtype === 'success', 'the session succeeds');
    },
  },
  {
    expect: [['list-conversations', 200]],
    run: async ({ sdk, fid, s }) => {
      const r = await sdk.listConversations({ fid, name: s.name });
      must(
        r.conversations.some((c) => c.id === s.conversationId),
        'the prompted conversation is listed',
      );
    },
  },
  {
    note: 'newest first, 5 a page, following the cursor',
    expect: [['get-conversation-messages', 200]],
    run: async ({ sdk, fid, s }) => {
      const all = [];
      let cursor;
      for (let pages = 0; ; pages++) {
        must(pages < 50, 'the cursor ends');
        const page = await sdk.getConversationMessages({
          conversationId: s.conversationId,
          name: s.name,
          fid,
          limit: 5,
          cursor,
        });
        must(page.messages.length <= 5, 'at most limit messages a page');
        all.push(...page.messages);
        cursor = page.next.cursor ?? undefined;
        if (!cursor) break;
      }
      must(all.length > 10, `the sessions' messages are recorded (${all.length})`);
      must(all.at(-1).origin === 'user' && all.at(-1).message === 'a counter app', 'the oldest is the first prompt');
      must(all.some((m) => m.message === 'add a reset button'), 'the continued prompt is in it');
    },
  },
  {
    note: 'limit 101',
    expect: [['get-conversation-messages', 400]],
    run: ({ sdk, fid, s }) =>
      sdk.getConversationMessages({ conversationId: s.conversationId, name: s.name, fid, limit: 101 }),
  },
  {
    note: 'schema_version 1, finished',
    expect: [['get-dev-status', 200]],
    run: async ({ sdk, s }) => {
      const d = await sdk.getDevStatus({ deploymentId: s.id });
      must(d.schema_version === 1 && typeof d.completed_at === 'string', 'the session completed');
    },
  },
  {
    note: 'a running prompt; its stream ends with the interrupted result',
    expect: [
      ['prompt-deployment-stream', 200],
      ['cancel-session', 200],
    ],
    run: async ({ sdk, fid, s }) => {
      const conversationId = randomUUID();
      const stream = await sdk.promptDeploymentStream({
        promptDeploymentStreamRequest: { fid, name: s.name, prompt: 'a slow one', conversation_id: conversationId },
      });
      const events = consumeSse(stream);
      await events.first;
      const r = await sdk.cancelSession({
        cancelSessionRequest: { fid, name: s.name, conversation_id: conversationId },
      });
      must(r.cancelled === true, 'cancelled is true');
      const all = await events.done;
      const last = all.at(-1);
      must(
        last?.type === 'result' && last.is_error === true && last.subtype === 'error_during_execution',
        `the stream ends with the interrupted result (got ${JSON.stringify(last)?.slice(0, 120)})`,
      );
      s.cancelledConversation = conversationId;
    },
  },
  {
    note: 'nothing running: cancelled false',
    expect: [['cancel-session', 200]],
    run: async ({ sdk, fid, s }) => {
      const r = await sdk.cancelSession({
        cancelSessionRequest: { fid, name: s.name, conversation_id: s.cancelledConversation },
      });
      must(r.cancelled === false, 'cancelled is false');
    },
  },
  {
    note: 'conversation_id not a UUID',
    expect: [['cancel-session', 400]],
    run: ({ sdk, fid, s }) =>
      sdk.cancelSession({ cancelSessionRequest: { fid, name: s.name, conversation_id: 'nope' } }),
  },
  {
    note: 'not a Studio admin key',
    expect: [['stop-app', 403]],
    run: ({ sdk, fid, s }) => sdk.stopApp({ startAppRequest: { fid, name: s.name } }),
  },
  {
    note: 'with the admin key; dev_server_state stopped',
    expect: [
      ['stop-app', 200],
      ['get-deployment', 200],
    ],
    run: async ({ admin, fid, s }) => {
      const r = await admin.stopApp({ startAppRequest: { fid, name: s.name } });
      must(r.success === true, 'success is true');
      const d = await admin.getDeployment({ deploymentId: s.id });
      must(d.dev_server_state === 'stopped', `stopped (got ${d.dev_server_state})`);
    },
  },
  {
    note: 'with the admin key; dev_server_state running',
    expect: [
      ['start-app', 200],
      ['get-deployment', 200],
    ],
    run: async ({ admin, fid, s }) => {
      const r = await admin.startApp({ startAppRequest: { fid, deployment_id: s.id } });
      must(r.success === true, 'success is true');
      const d = await admin.getDeployment({ deploymentId: s.id });
      must(d.dev_server_state === 'running', `running (got ${d.dev_server_state})`);
    },
  },
  {
    note: 'an unknown deployment',
    expect: [['start-app', 404]],
    run: ({ admin, fid }) =>
      admin.startApp({ startAppRequest: { fid, name: 'server-000000000000000' } }),
  },
  {
    note: 'npm: an event stream; a recover meanwhile is a conflict',
    expect: [
      ['build', 200],
      ['recover', 409],
    ],
    run: async ({ sdk, s }) => {
      const stream = await sdk.build({ buildRequest: { deployment_id: s.id, build_type: 'npm' } });
      const events = consumeSse(stream);
      await events.first;
      await sdk.recover({ recoverRequest: { deployment_id: s.id } }).then(
        () => must(false, 'the recover is refused while the build runs'),
        (e) => must(e?.response?.status === 409, `409 (got ${e?.response?.status ?? e})`),
      );
      const all = await events.done;
      must(all.at(-1)?.subtype === 'success', 'the build succeeds');
    },
  },
  {
    note: 'build_type yarn',
    expect: [['build', 400]],
    run: ({ sdk, s }) => sdk.build({ buildRequest: { name: s.name, build_type: 'yarn' } }),
  },
  {
    note: 'an event stream ending in a result',
    expect: [['recover', 200]],
    run: async ({ sdk, s }) => {
      const stream = await sdk.recover({ recoverRequest: { name: s.name } });
      const all = await consumeSse(stream).done;
      must(all.at(-1)?.type === 'result', 'the stream ends with a result event');
    },
  },
  {
    note: 'none stored yet',
    expect: [['get-account-association', 404]],
    run: ({ sdk, s }) => sdk.getAccountAssociation({ deploymentId: s.id }),
  },
  {
    note: 'a signature over another domain',
    expect: [['associate-deployment', 400]],
    run: ({ sdk, fid, s }) => {
      const other = signAppKey(fid, 'elsewhere.example');
      const association = { ...signAppKey(fid, new URL(s.url).hostname), payload: other.payload };
      return sdk.associateDeployment({
        associateDeploymentRequest: { fid, name: s.name, account_association: association },
      });
    },
  },
  {
    note: 'an ed25519 app-key JFS for the deployment host',
    expect: [['associate-deployment', 200]],
    run: async ({ sdk, fid, s }) => {
      s.association = signAppKey(fid, new URL(s.url).hostname);
      const r = await sdk.associateDeployment({
        associateDeploymentRequest: { fid, name: s.name, account_association: s.association },
      });
      must(r.success === true, 'success is true');
    },
  },
  {
    expect: [['get-account-association', 200]],
    run: async ({ sdk, s }) => {
      const a = await sdk.getAccountAssociation({ deploymentId: s.id });
      must(a.signature === s.association.signature, 'the stored association is the one sent');
    },
  },
  {
    expect: [['delete-deployment', 200]],
    run: async ({ sdk, fid, s }) => {
      const r = await sdk.deleteDeployment({ deleteDeploymentRequest: { fid, name: s.name } });
      must(r.success === true, 'success is true');
    },
  },
  {
    note: 'an unknown name',
    expect: [['delete-deployment', 404]],
    run: ({ sdk, fid }) =>
      sdk.deleteDeployment({ deleteDeploymentRequest: { fid, name: 'server-000000000000000' } }),
  },
  {
    note: 'after delete',
    expect: [['get-deployment', 404]],
    run: ({ sdk, fid, s }) => sdk.getDeployment({ name: s.name, fid }),
  },
  {
    note: 'include_deleted',
    expect: [['list-deployments', 200]],
    run: async ({ sdk, fid, s }) => {
      const list = await sdk.listDeployments({ fid, includeDeleted: true });
      const d = list.find((x) => x.id === s.id);
      must(typeof d?.deleted_at === 'string', 'the deleted deployment is listed with deleted_at');
    },
  },
  {
    note: 'neither name nor deployment_id',
    expect: [['get-deployment', 400]],
    run: ({ sdk }) => sdk.getDeployment({}),
  },
  {
    note: 'an unknown deployment',
    expect: [['prompt-deployment-stream', 404]],
    run: ({ sdk, fid }) =>
      sdk.promptDeploymentStream({
        promptDeploymentStreamRequest: { fid, name: 'server-000000000000000', prompt: 'hello' },
      }),
  },
  {
    note: 'without fid',
    expect: [['create-deployment', 400]],
    run: ({ sdk }) => sdk.createDeployment({ createDeploymentRequest: { display_name: 'no fid' } }),
  },
  {
    note: 'limit 0',
    expect: [['list-deployments', 400]],
    run: ({ sdk, fid }) => sdk.listDeployments({ fid, limit: 0 }),
  },  // ---- The app's code and its production life (issue 14): a second deployment, prompted.
  {
    note: 'for the code and production steps',
    expect: [['create-deployment', 200]],
    run: async ({ sdk, fid, s }) => {
      const d = await sdk.createDeployment({ createDeploymentRequest: { fid, display_name: 'sdk code' } });
      s.code = { name: d.name, id: d.id };
      const deadline = Date.now() + 60_000;
      while (!(await sdk.getDeployment({ name: d.name, fid })).is_ready) {
        must(Date.now() < deadline, 'ready within 60 s');
        await sleep(50);
      }
    },
  },
  {
    note: 'the agent writes src/app/page.tsx',
    expect: [['prompt-deployment-stream', 200]],
    run: async ({ sdk, fid, s }) => {
      const stream = await sdk.promptDeploymentStream({
        promptDeploymentStreamRequest: { fid, name: s.code.name, prompt: 'a tip jar' },
      });
      const all = await consumeSse(stream).done;
      const write = all
        .flatMap((e) => e.message?.content ?? [])
        .find((b) => b.type === 'tool_use' && b.name === 'Write');
      must(write, 'the agent calls Write');
      s.code.written = write.input.content;
    },
  },
  {
    note: 'the template and what the agent wrote',
    expect: [['list-deployment-files', 200]],
    run: async ({ sdk, fid, s }) => {
      const root = await sdk.listDeploymentFiles({ fid, name: s.code.name });
      must(root.files.some((f) => f.name === 'package.json' && !f.is_directory), 'package.json at the root');
      must(root.files.some((f) => f.name === 'src' && f.is_directory), 'src/ at the root');
      const app = await sdk.listDeploymentFiles({ fid, deploymentId: s.code.id, directory: 'src/app' });
      must(app.files.some((f) => f.path === 'src/app/page.tsx'), 'src/app/page.tsx is listed');
    },
  },
  {
    note: 'the page the stream showed being written',
    expect: [['get-deployment-file', 200]],
    run: async ({ sdk, fid, s }) => {
      const f = await sdk.getDeploymentFile({ filePath: 'src/app/page.tsx', fid, name: s.code.name });
      must(f.content === s.code.written, 'the content is what the Write call carried');
    },
  },
  {
    note: 'a missing file',
    expect: [['get-deployment-file', 404]],
    run: ({ sdk, fid, s }) => sdk.getDeploymentFile({ filePath: 'src/nope.ts', fid, name: s.code.name }),
  },
  {
    note: "another FID's app, not a Studio admin key",
    expect: [['get-deployment-file', 403]],
    run: ({ sdk, fid, s }) => sdk.getDeploymentFile({ filePath: 'package.json', fid: fid + 1, name: s.code.name }),
  },
  {
    note: 'a missing directory',
    expect: [['list-deployment-files', 404]],
    run: ({ sdk, fid, s }) => sdk.listDeploymentFiles({ fid, name: s.code.name, directory: 'nope' }),
  },
  {
    note: 'stored under a name made from the URL, never fetched',
    expect: [['upload-image-url', 200]],
    run: async ({ sdk, fid, s }) => {
      const r = await sdk.uploadImageUrl({
        uploadImageUrlRequest: { fid, name: s.code.name, url: 'https://images.invalid/logo.png' },
      });
      must(r.success === true && r.filename === 'logo.png' && r.url === '/images/logo.png', 'logo.png');
    },
  },
  {
    note: 'not an http URL',
    expect: [['upload-image-url', 400]],
    run: ({ sdk, fid, s }) =>
      sdk.uploadImageUrl({ uploadImageUrlRequest: { fid, name: s.code.name, url: 'ftp://example.com/a.png' } }),
  },
  {
    note: 'application/zip',
    expect: [['export-zip', 200]],
    run: async ({ sdk, fid, s }) => {
      const zip = await sdk.exportZip({ fid, name: s.code.name });
      const ex = exchanges.find((e) => e.path.endsWith('/export-zip'));
      must(ex?.contentType === 'application/zip', `the content type is application/zip (${ex?.contentType})`);
      const bytes = Buffer.from(zip ?? []);
      must(bytes.length > 100 && bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')), 'a ZIP archive');
      must(bytes.includes(Buffer.from('src/app/page.tsx')), 'the page is in it');
    },
  },
  {
    note: 'an unknown deployment',
    expect: [['export-zip', 404]],
    run: ({ sdk, fid }) => sdk.exportZip({ fid, name: 'server-000000000000000' }),
  },
  {
    note: 'not published yet',
    expect: [['vercel-deployment-status', 404]],
    run: ({ sdk, fid, s }) => sdk.vercelDeploymentStatus({ fid, name: s.code.name }),
  },
  {
    note: 'a publish while one builds is a conflict',
    expect: [
      ['deploy-to-vercel', 200],
      ['deploy-to-vercel', 409],
    ],
    run: async ({ sdk, fid, s }) => {
      const r = await sdk.deployToVercel({
        deployToVercelRequest: { fid, name: s.code.name, env: { GREETING: 'hi' } },
      });
      must(r.success === true && typeof r.project_id === 'string', 'success and a project');
      must(r.production_url === `https://${s.code.name}.neynar.app`, 'the production URL');
      await sdk.deployToVercel({ deployToVercelRequest: { fid, deployment_id: s.code.id } }).then(
        () => must(false, 'a second publish while building is refused'),
        (e) => must(e?.response?.status === 409, `a 409 (got ${e?.response?.status})`),
      );
    },
  },
  {
    note: 'env values not strings',
    expect: [['deploy-to-vercel', 400]],
    run: ({ sdk, fid, s }) =>
      sdk.deployToVercel({ deployToVercelRequest: { fid, name: s.code.name, env: { A: 1 } } }),
  },
  {
    note: 'polled until READY',
    expect: [['vercel-deployment-status', 200]],
    run: async ({ sdk, fid, s }) => {
      const seen = [];
      const deadline = Date.now() + 60_000;
      for (;;) {
        const r = await sdk.vercelDeploymentStatus({ fid, name: s.code.name });
        if (seen.at(-1) !== r.deployment_state) seen.push(r.deployment_state);
        if (r.deployment_state === 'READY') break;
        must(['QUEUED', 'BUILDING'].includes(r.deployment_state), `a Vercel state (${r.deployment_state})`);
        must(Date.now() < deadline, 'READY within 60 s');
        await sleep(50);
      }
    },
  },
  {
    note: 'not a Studio admin key',
    expect: [['vercel-deployment-logs', 403]],
    run: ({ sdk, fid, s }) => sdk.vercelDeploymentLogs({ fid, name: s.code.name }),
  },
  {
    note: 'with the admin key, the latest 5',
    expect: [['vercel-deployment-logs', 200]],
    run: async ({ admin, fid, s }) => {
      const r = await admin.vercelDeploymentLogs({ fid, name: s.code.name, limit: 5 });
      must(r.logs.length === 5, `5 events (${r.logs.length})`);
      must(/Deployment completed/.test(r.logs.at(-1).text), 'the last says the deployment completed');
    },
  },
  {
    note: 'free, then reserved',
    expect: [['check-domain-availability', 200]],
    run: async ({ sdk, fid, s }) => {
      s.code.sub = `sdk-${Date.now().toString(36)}`;
      const free = await sdk.checkDomainAvailability({ fid, subdomain: s.code.sub });
      must(free.available === true && free.domain === `${s.code.sub}.neynar.app`, 'available');
      const www = await sdk.checkDomainAvailability({ fid, subdomain: 'www' });
      must(www.available === false && www.reason === 'reserved', 'www is reserved');
    },
  },
  {
    note: 'two characters',
    expect: [['check-domain-availability', 400]],
    run: ({ sdk, fid }) => sdk.checkDomainAvailability({ fid, subdomain: 'ab' }),
  },
  {
    note: 'the previous domain is the default one',
    expect: [['assign-custom-domain', 200]],
    run: async ({ sdk, fid, s }) => {
      const r = await sdk.assignCustomDomain({
        fid,
        assignCustomDomainRequest: { deployment_id: s.code.id, subdomain: s.code.sub },
      });
      must(r.domain === `${s.code.sub}.neynar.app`, 'the new domain');
      must(r.previous_domain === `${s.code.name}.neynar.app`, 'the previous domain');
    },
  },
  {
    note: 'a reserved name',
    expect: [['assign-custom-domain', 400]],
    run: ({ sdk, fid, s }) =>
      sdk.assignCustomDomain({ fid, assignCustomDomainRequest: { deployment_id: s.code.id, subdomain: 'admin' } }),
  },
  {
    note: "another FID's app",
    expect: [['assign-custom-domain', 403]],
    run: ({ sdk, fid, s }) =>
      sdk.assignCustomDomain({
        fid: fid + 1,
        assignCustomDomainRequest: { deployment_id: s.code.id, subdomain: 'someone-else' },
      }),
  },
  {
    note: 'taken by another deployment',
    expect: [['assign-custom-domain', 409]],
    run: async ({ sdk, fid, s }) => {
      const other = await sdk.createDeployment({ createDeploymentRequest: { fid } });
      const deadline = Date.now() + 60_000;
      while (!(await sdk.getDeployment({ deploymentId: other.id })).is_ready) {
        must(Date.now() < deadline, 'ready within 60 s');
        await sleep(50);
      }
      await sdk.deployToVercel({ deployToVercelRequest: { fid, deployment_id: other.id } });
      return sdk.assignCustomDomain({
        fid,
        assignCustomDomainRequest: { deployment_id: other.id, subdomain: s.code.sub },
      });
    },
  },
  // Secrets, the app's database and credit drops (issue 15), on a deployment of their own.
  {
    note: 'for secrets and the database',
    expect: [['create-deployment', 200]],
    run: async ({ sdk, fid, s }) => {
      const d = await sdk.createDeployment({ createDeploymentRequest: { fid, env: { GREETING: 'hello there, world' } } });
      s.dataId = d.id;
    },
  },
  {
    note: 'system secrets seeded, values masked',
    expect: [['list-secrets', 200]],
    run: async ({ sdk, s }) => {
      const r = await sdk.listSecrets({ deploymentId: s.dataId });
      const system = r.secrets.filter((x) => x.type === 'system').map((x) => x.key);
      must(system.includes('NEYNAR_API_KEY'), `NEYNAR_API_KEY is a system secret (got ${system})`);
      const greeting = r.secrets.find((x) => x.key === 'GREETING');
      must(greeting?.type === 'user' && greeting.preview === 'hell…orld', 'the env is a masked user secret');
      s.systemSecret = r.secrets.find((x) => x.key === 'NEYNAR_API_KEY').id;
    },
  },
  {
    expect: [['upsert-secrets', 200]],
    run: async ({ sdk, s }) => {
      const r = await sdk.upsertSecrets({
        upsertSecretsRequest: { deployment_id: s.dataId, secrets: [{ key: 'STRIPE_KEY', value: 'sk_live_0123456789t1b3' }] },
      });
      must(r.success === true, 'success is true');
    },
  },
  {
    note: 'by key; the value is not sent back',
    expect: [['list-secrets', 200]],
    run: async ({ sdk, s }) => {
      const r = await sdk.listSecrets({ deploymentId: s.dataId, key: 'STRIPE_KEY' });
      must(r.secrets.length === 1 && r.secrets[0].preview === 'sk_l…t1b3', 'one masked secret');
      must(!JSON.stringify(r).includes('0123456789'), 'no value in the answer');
      s.userSecret = r.secrets[0].id;
    },
  },
  {
    note: 'a system secret',
    expect: [['delete-secrets', 400]],
    run: ({ sdk, s }) =>
      sdk.deleteSecrets({ deleteSecretsRequest: { deployment_id: s.dataId, ids: [s.systemSecret] } }),
  },
  {
    note: 'a user secret',
    expect: [['delete-secrets', 200]],
    run: async ({ sdk, s }) => {
      const r = await sdk.deleteSecrets({ deleteSecretsRequest: { deployment_id: s.dataId, ids: [s.userSecret] } });
      must(r.success === true, 'success is true');
    },
  },
  {
    note: 'an unknown deployment',
    expect: [['list-secrets', 404]],
    run: ({ sdk }) => sdk.listSecrets({ deploymentId: randomUUID() }),
  },
  {
    note: 'not provisioned yet',
    expect: [['list-tables', 404]],
    run: ({ sdk, fid, s }) => sdk.listTables({ deploymentId: s.dataId, fid }),
  },
  {
    note: 'new',
    expect: [['provision', 200]],
    run: async ({ sdk, fid, s }) => {
      const r = await sdk.provision({ provisionRequest: { deployment_id: s.dataId, fid } });
      must(r.success === true && r.alreadyProvisioned === false, 'provisioned now');
    },
  },
  {
    note: 'idempotent',
    expect: [['provision', 200]],
    run: async ({ sdk, fid, s }) => {
      const r = await sdk.provision({ provisionRequest: { deployment_id: s.dataId, fid } });
      must(r.alreadyProvisioned === true, 'already provisioned');
    },
  },
  {
    expect: [['list-tables', 200]],
    run: async ({ sdk, fid, s }) => {
      const r = await sdk.listTables({ deploymentId: s.dataId, fid });
      must(r.tables.map((t) => t.name).join() === 'counters,users', 'the counter app\'s tables');
    },
  },
  {
    expect: [['get-table-schema', 200]],
    run: async ({ sdk, fid, s }) => {
      const r = await sdk.getTableSchema({ tableName: 'counters', deploymentId: s.dataId, fid });
      must(r.primaryKeyColumns.join() === 'id', 'the primary key');
      must(r.foreignKeys[0]?.referencedTable === 'users', 'the foreign key');
    },
  },
  {
    note: 'an unknown table',
    expect: [['get-table-schema', 404]],
    run: ({ sdk, fid, s }) => sdk.getTableSchema({ tableName: 'nope', deploymentId: s.dataId, fid }),
  },
  {
    expect: [
      ['insert-rows', 200],
      ['insert-rows', 200],
    ],
    run: async ({ sdk, fid, s }) => {
      await sdk.insertRows({
        tableName: 'users',
        insertRowsRequest: { deployment_id: s.dataId, fid, rows: [{ fid: 3, username: 'dwr' }] },
      });
      const r = await sdk.insertRows({
        tableName: 'counters',
        insertRowsRequest: { deployment_id: s.dataId, fid, rows: [{ fid: 3 }, { fid: 3, label: 'likes', count: 7 }] },
      });
      must(r.insertedCount === 2 && r.rows[0].id === 1 && r.rows[0].label === 'clicks', 'generated values');
    },
  },
  {
    note: 'a row for no user',
    expect: [['insert-rows', 400]],
    run: ({ sdk, fid, s }) =>
      sdk.insertRows({ tableName: 'counters', insertRowsRequest: { deployment_id: s.dataId, fid, rows: [{ fid: 99 }] } }),
  },
  {
    expect: [['query-table', 200]],
    run: async ({ sdk, fid, s }) => {
      const r = await sdk.queryTable({
        queryTableRequest: { deployment_id: s.dataId, fid, table: 'counters', orderBy: 'count', orderDirection: 'desc', limit: 1 },
      });
      must(r.totalCount === 2 && r.hasMore === true && r.rows[0].count === 7, 'the first page');
    },
  },
  {
    note: 'limit 1001',
    expect: [['query-table', 400]],
    run: ({ sdk, fid, s }) =>
      sdk.queryTable({ queryTableRequest: { deployment_id: s.dataId, fid, table: 'counters', limit: 1001 } }),
  },
  {
    expect: [['update-rows', 200]],
    run: async ({ sdk, fid, s }) => {
      const r = await sdk.updateRows({
        tableName: 'counters',
        updateRowsRequest: { deployment_id: s.dataId, fid, set: { count: 10 }, where: { label: 'clicks' } },
      });
      must(r.updatedCount === 1, `one row updated (got ${r.updatedCount})`);
    },
  },
  {
    expect: [['delete-rows', 200]],
    run: async ({ sdk, fid, s }) => {
      const r = await sdk.deleteRows({
        tableName: 'counters',
        deleteRowsRequest: { deployment_id: s.dataId, fid, where: { label: 'likes' } },
      });
      must(r.deletedCount === 1, `one row deleted (got ${r.deletedCount})`);
    },
  },
  {
    note: 'without where',
    expect: [['delete-rows', 400]],
    run: ({ sdk, fid, s }) =>
      sdk.deleteRows({ tableName: 'counters', deleteRowsRequest: { deployment_id: s.dataId, fid } }),
  },
  {
    note: 'with the admin key',
    expect: [['execute-sql', 200]],
    run: async ({ admin, s }) => {
      const r = await admin.executeSql({
        executeSqlRequest: { deployment_id: s.dataId, sql: 'SELECT id, count FROM counters ORDER BY id' },
      });
      must(r.rowCount === 1 && r.rows[0].count === 10, 'the updated row');
    },
  },
  {
    note: 'a DELETE is refused',
    expect: [['execute-sql', 400]],
    run: ({ admin, s }) => admin.executeSql({ executeSqlRequest: { deployment_id: s.dataId, sql: 'DELETE FROM counters' } }),
  },
  {
    note: 'not a Studio admin key',
    expect: [['execute-sql', 403]],
    run: ({ sdk, fid, s }) => sdk.executeSql({ executeSqlRequest: { deployment_id: s.dataId, fid, sql: 'SELECT 1' } }),
  },
  {
    expect: [['get-credit-drop', 200]],
    run: async ({ sdk, fid }) => {
      const d = await sdk.getCreditDrop({ fid });
      must(d.claimed === false && d.expired === false, 'a fresh drop');
    },
  },
  {
    expect: [['claim-credit-drop', 200]],
    run: async ({ sdk, fid }) => {
      const r = await sdk.claimCreditDrop({ claimCreditDropRequest: { fid } });
      must(r.claimed === true && r.new_extra_credits >= r.reward_amount, 'claimed');
    },
  },
  {
    note: 'already claimed',
    expect: [['claim-credit-drop', 409]],
    run: ({ sdk, fid }) => sdk.claimCreditDrop({ claimCreditDropRequest: { fid } }),
  },
  {
    note: 'fid 0 has none',
    expect: [['get-credit-drop', 404]],
    run: ({ sdk }) => sdk.getCreditDrop({ fid: 0 }),
  },
];

// ---------------------------------------------------------------------------------------------
// Options.

const { values: args } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    'api-key': { type: 'string' },
    'admin-key': { type: 'string' },
    fid: { type: 'string' },
    spec: { type: 'string' },
    timeout: { type: 'string' },
  },
});
const baseUrl = (args['base-url'] ?? process.env.NEYNAR_API_URL ?? '').replace(/\/+$/, '');
const apiKey = args['api-key'] ?? process.env.NEYNAR_API_KEY ?? '';
const adminKey = args['admin-key'] ?? process.env.NEYNAR_ADMIN_KEY ?? apiKey;
const fid = Number(args.fid ?? process.env.NEYNAR_FID);
// A path given is taken from the working directory; the default from the repository root.
const specPath =
  args.spec ?? process.env.STUDIO_SPEC ?? resolve(repoRoot, '../shared/reference/openapi-studio-current.yaml');
const timeoutSeconds = Number(args.timeout ?? 120);
if (!baseUrl || !apiKey || !Number.isInteger(fid) || fid < 0) {
  console.error(
    'usage: NEYNAR_API_URL=URL NEYNAR_API_KEY=KEY NEYNAR_FID=N node check.mjs [--spec PATH] [--timeout S]',
  );
  process.exit(2);
}
setTimeout(() => {
  console.log(`FAIL run: not finished within ${timeoutSeconds} s`);
  process.exit(1);
}, timeoutSeconds * 1000).unref();

// ---------------------------------------------------------------------------------------------
// The spec: each Studio operation by method and path, with its declared responses.

const spec = loadYaml(readFileSync(specPath, 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
addFormats(ajv);

/** Inlines every local `$ref` (`#/components/...`), refusing cycles. */
function deref(node, stack = []) {
  if (Array.isArray(node)) return node.map((n) => deref(n, stack));
  if (node === null || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    const ref = node.$ref;
    if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
    if (stack.includes(ref)) throw new Error(`cyclic $ref ${ref}`);
    const target = ref
      .slice(2)
      .split('/')
      .reduce((at, key) => at?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], spec);
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    return deref(target, [...stack, ref]);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v, stack)]));
}

/**
 * The schema with every object that lists its `properties` (and says nothing about others)
 * closed to them, to find fields the spec does not declare: a misspelt optional field
 * (`displayName` for `display_name`) passes the schema itself. Objects combined under `allOf`
 * stay open (closing them would refuse each other's fields).
 */
function closeObjects(node, underAllOf = false) {
  if (Array.isArray(node)) return node.map((n) => closeObjects(n, underAllOf));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = closeObjects(v, k === 'allOf' || (underAllOf && k !== 'properties' && k !== 'items'));
  }
  if (out.properties && out.additionalProperties === undefined && !underAllOf) {
    out.additionalProperties = false;
  }
  return out;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** operationId -> { id, method, path, pattern, responses: { status: { json?: validator } } } */
const operations = new Map();
for (const [path, item] of Object.entries(spec.paths ?? {})) {
  if (!path.startsWith('/v2/studio/')) continue;
  for (const method of METHODS) {
    const op = item[method];
    if (!op) continue;
    const responses = {};
    for (const [status, resp] of Object.entries(op.responses ?? {})) {
      const r = deref(resp);
      const jsonType = Object.keys(r.content ?? {}).find((t) => /json/.test(t));
      const schema = jsonType && r.content[jsonType].schema;
      responses[status] = {
        json: schema ? ajv.compile(schema) : null,
        closed: schema ? ajv.compile(closeObjects(schema)) : null,
      };
    }
    const body = path.replace(/\/+$/, '').replace(/\{[^}]+\}/g, '[^/]+');
    operations.set(op.operationId, {
      id: op.operationId,
      method: method.toUpperCase(),
      path,
      pattern: new RegExp(`^${body}/?$`),
      responses,
    });
  }
}

function operationFor(method, path) {
  for (const op of operations.values()) {
    if (op.method === method && op.pattern.test(path)) return op;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The SDK, with every exchange recorded. Bodies are taken as streams so that an event stream
// reaches the caller as it arrives; any other body is read whole here and handed to the SDK
// parsed (JSON) or as bytes.

/** Exchanges of the running step: { method, path, status, contentType, text?, json?, sse? } */
let exchanges = [];
/** An event-stream body -> its exchange, so that consuming it fills the exchange in. */
const streams = new WeakMap();

async function readAll(stream) {
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks);
}

async function record(response) {
  const { config } = response;
  const ex = {
    method: (config.method ?? 'get').toUpperCase(),
    path: new URL(config.url, baseUrl).pathname,
    status: response.status,
    contentType: String(response.headers?.['content-type'] ?? ''),
  };
  exchanges.push(ex);
  if (ex.contentType.startsWith('text/event-stream')) {
    ex.sse = { events: [], problems: [], comments: 0, done: null };
    ex.stream = response.data;
    streams.set(response.data, ex);
    return;
  }
  const bytes = await readAll(response.data);
  ex.text = bytes.toString('utf8');
  if (ex.contentType.includes('json')) {
    try {
      ex.json = JSON.parse(ex.text);
    } catch (e) {
      ex.jsonError = e.message;
    }
  }
  response.data = ex.json ?? (ex.contentType.startsWith('text/') ? ex.text : bytes);
}

const http = axios.create({
  responseType: 'stream',
  proxy: false, // loopback: a proxy from the environment must not get in the way
  headers: { 'x-sdk': 'node', 'x-sdk-version': sdkVersion() }, // as the SDK's own instance
});
http.interceptors.response.use(
  async (response) => {
    await record(response);
    return response;
  },
  async (error) => {
    if (error.response) await record(error.response);
    throw error;
  },
);
const sdk = new NeynarAPIClient(new Configuration({ apiKey, basePath: baseUrl }), {
  axiosInstance: http,
});
/** The same SDK with the Studio admin key (start and stop). */
const admin = new NeynarAPIClient(new Configuration({ apiKey: adminKey, basePath: baseUrl }), {
  axiosInstance: http,
});

/**
 * Reads an event stream the SDK returned (WHATWG framing: LF, CR or CRLF; `data:` lines joined;
 * comments counted). Returns `{ first, done }`: promises of the first event and of all events.
 * Calling it again on the same stream returns the same promises.
 */
function consumeSse(stream) {
  const ex = streams.get(stream);
  if (!ex) throw new Check('the SDK did not return an event stream');
  if (ex.sse.done) return ex.sse.done;
  let firstSeen;
  const first = new Promise((r) => (firstSeen = r));
  const done = (async () => {
    let buffered = '';
    let data = [];
    const line = (l) => {
      if (l === '') {
        if (data.length) dispatch(data.join('\n'));
        data = [];
      } else if (l.startsWith(':')) ex.sse.comments++;
      else if (l.startsWith('data')) data.push(l.replace(/^data:? ?/, ''));
    };
    const dispatch = (payload) => {
      let ev;
      try {
        ev = JSON.parse(payload);
      } catch {
        ex.sse.problems.push(`a data line is not JSON: ${payload.slice(0, 80)}`);
        return;
      }
      if (ev === null || typeof ev !== 'object' || typeof ev.type !== 'string') {
        ex.sse.problems.push(`an event has no string type: ${payload.slice(0, 80)}`);
      }
      ex.sse.events.push(ev);
      firstSeen(ev);
    };
    for await (const chunk of stream) {
      buffered += chunk.toString('utf8');
      const parts = buffered.split(/\r\n|\r(?!$)|\n/);
      buffered = parts.pop();
      parts.forEach(line);
    }
    if (buffered !== '') line(buffered);
    line('');
    if (ex.sse.events.length === 0) ex.sse.problems.push('the stream carried no event');
    firstSeen(undefined);
    return ex.sse.events;
  })();
  // A step that stops waiting (its own check failed) must not turn a broken stream into an
  // unhandled rejection: the runner reads `done` again and reports it.
  done.catch(() => {});
  ex.sse.done = { first, done };
  return ex.sse.done;
}

// ---------------------------------------------------------------------------------------------
// Checking.

class Check extends Error {}
function must(cond, what) {
  if (!cond) throw new Check(what);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** What is wrong with one exchange, per the spec ([] when nothing). */
function problemsOf(ex) {
  const op = operationFor(ex.method, ex.path);
  if (!op) return [`no Studio operation in the spec for ${ex.method} ${ex.path}`];
  const declared = op.responses[String(ex.status)] ?? op.responses.default;
  if (!declared) {
    const known = Object.keys(op.responses).join(', ');
    return [`status ${ex.status} is not declared (declared: ${known})`];
  }
  if (ex.sse) return ex.sse.problems;
  if (!declared.json) return [];
  if (!ex.contentType.includes('json')) {
    return [`content-type is "${ex.contentType}", the spec declares JSON`];
  }
  if (ex.jsonError) return [`the body is not JSON (${ex.jsonError}): ${ex.text.slice(0, 100)}`];
  if (!declared.json(ex.json)) return declared.json.errors.map(ajvText);
  if (!declared.closed(ex.json)) {
    return declared.closed.errors
      .filter((e) => e.keyword === 'additionalProperties')
      .map((e) => {
        const field = e.params.additionalProperty;
        return `${e.instancePath || '(body)'} has ${field}, which the spec does not declare`;
      });
  }
  return [];
}

function ajvText(e) {
  const params = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '';
  return `${e.instancePath || '(body)'} ${e.message}${params}`;
}

function describe(step) {
  return step.note ? ` (${step.note})` : '';
}

let failed = 0;
let passed = 0;
const covered = new Set();
const s = {};
for (const step of STEPS) {
  for (const [id] of step.expect) {
    if (!operations.has(id)) throw new Error(`STEPS names ${id}, which the spec does not have`);
  }
  exchanges = [];
  let thrown = null;
  try {
    await step.run({ sdk, admin, fid, s });
  } catch (e) {
    const status = e?.response?.status;
    const expected = step.expect.some(([, st]) => st === status);
    if (!(e?.isAxiosError && expected)) thrown = e;
  }
  // Streams the step left unread are read now, so that they are checked too.
  for (const ex of exchanges.filter((e) => e.sse)) {
    await consumeSse(ex.stream).done.catch((e) => ex.sse.problems.push(`reading: ${e.message}`));
  }
  const checked = exchanges.map((ex) => ({
    ex,
    op: operationFor(ex.method, ex.path),
    problems: problemsOf(ex),
  }));
  for (const [id, status] of step.expect) {
    covered.add(id);
    const mine = checked.filter((c) => c.op?.id === id && c.ex.status === status);
    const why = [];
    if (mine.length === 0) {
      const got = checked.map((c) => {
        const said = c.ex.json?.error ?? c.ex.json?.message;
        const what = `${c.op?.id ?? `${c.ex.method} ${c.ex.path}`} ${c.ex.status}`;
        return said ? `${what} "${said}"` : what;
      });
      why.push(`expected a ${status}; got ${got.length ? got.join(', ') : 'no answer'}`);
    }
    for (const c of mine) why.push(...c.problems);
    if (thrown && step.expect[0][0] === id && step.expect[0][1] === status) {
      why.push(thrown instanceof Check ? `expected ${thrown.message}` : errorText(thrown));
    }
    report(id, status, step, why);
  }
  // Answers the step did not expect must still be what the spec says.
  for (const c of checked) {
    const expected = step.expect.some(([id, st]) => c.op?.id === id && c.ex.status === st);
    if (!expected && c.problems.length) {
      report(c.op?.id ?? `${c.ex.method} ${c.ex.path}`, c.ex.status, step, c.problems);
    }
  }
}

function errorText(e) {
  if (e?.isAxiosError) {
    const status = e.response?.status;
    return status ? `unexpected HTTP ${status}` : `request failed: ${e.code ?? e.message}`;
  }
  return `error: ${e?.message ?? e}`;
}

function report(id, status, step, why) {
  if (why.length === 0) {
    passed++;
    console.log(`ok ${id} ${status}${describe(step)}`);
  } else {
    failed++;
    console.log(`FAIL ${id}: ${status}${describe(step)}: ${why.join('; ')}`);
  }
}

const uncovered = [...operations.keys()].filter((id) => !covered.has(id));
console.log(
  `# spec ${spec.info?.version}, SDK ${sdkVersion()}: ${covered.size} of ${operations.size} ` +
    `Studio operations exercised; not yet: ${uncovered.join(', ') || 'none'}`,
);
console.log(`conformance: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

function sdkVersion() {
  try {
    const pkg = resolve(here, 'node_modules/@neynar/nodejs-sdk/package.json');
    return JSON.parse(readFileSync(pkg, 'utf8')).version;
  } catch {
    return '?';
  }
}

// ---------------------------------------------------------------------------------------------
// JFS: a domain association signed with a throwaway ed25519 app key (header
// {fid, type: "app_key", key: 0x<public key hex>}, payload {domain}, signature over
// "header.payload"; all base64url without padding).

function signAppKey(fidNumber, domain) {
  const seed = Buffer.alloc(32, 7);
  // PKCS#8 wrapping of a raw ed25519 seed.
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const publicHex = spki.subarray(spki.length - 32).toString('hex');
  const b64 = (v) => Buffer.from(v).toString('base64url');
  const header = b64(JSON.stringify({ fid: fidNumber, type: 'app_key', key: `0x${publicHex}` }));
  const payload = b64(JSON.stringify({ domain }));
  const signature = edSign(null, Buffer.from(`${header}.${payload}`), key).toString('base64url');
  return { header, payload, signature };
}
