// Every reply the API tests received, validated against the schema openapi.yaml documents for it.
//
//   node tests/js/validate-replies.mjs CONTRACT.json REPLIES.jsonl
//
// CONTRACT.json is openapi.yaml bundled and dereferenced by Redocly (tests/run.sh); REPLIES.jsonl has one line per
// reply, written by tests/api/client.c: {"method", "path", "status", "type", "body"} with the body as received.
// Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) checks each reply in full: required members, types, enums,
// formats (uuid, date, date-time, email, uri), null where allowed, additionalProperties. A reply fails when its
// operation does not document its status, when its media type is not the documented one, when a documented JSON
// body does not parse, or when the schema rejects it. Replies to paths outside the contract (hostile and raw HTTP
// tests) are counted, not validated. Exits 1 on any failure, printing the first ones.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const [contractFile, repliesFile] = process.argv.slice(2);
const contract = JSON.parse(readFileSync(contractFile, 'utf8'));

// OpenAPI's own annotations beside JSON Schema's; everything else unknown is an error in the contract.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
addFormats(ajv);
for (const keyword of ['example', 'discriminator', 'xml', 'externalDocs'])
  ajv.addKeyword(keyword);

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const templates = Object.keys(contract.paths).map((template) => ({
  template,
  segments: template.split('/'),
  literals: template.split('/').filter((s) => !s.startsWith('{')).length,
}));

// The operation serving a concrete path: the matching template with the most literal segments.
function operationOf(method, url) {
  const segments = url.split('?')[0].split('/');
  let best = null;
  for (const t of templates) {
    if (t.segments.length !== segments.length || !contract.paths[t.template][method])
      continue;
    const match = t.segments.every((s, i) => s.startsWith('{') ? segments[i] !== '' : s === segments[i]);
    if (match && (!best || t.literals > best.literals))
      best = t;
  }
  return best && { template: best.template, operation: contract.paths[best.template][method] };
}

const validators = new Map();
function validatorFor(key, schema) {
  if (!validators.has(key))
    validators.set(key, ajv.compile(schema));
  return validators.get(key);
}

const tally = { replies: 0, validated: 0, outside: 0, failed: 0 };
const byOperation = new Map();
const failures = [];
function fail(reply, what) {
  tally.failed++;
  if (failures.length < 25)
    failures.push(`${reply.method} ${reply.path} ${reply.status}: ${what}`);
}

for (const line of readFileSync(repliesFile, 'utf8').split('\n')) {
  if (!line)
    continue;
  const reply = JSON.parse(line);
  tally.replies++;
  const method = reply.method.toLowerCase();
  const found = methods.includes(method) ? operationOf(method, reply.path) : null;
  if (!found) {
    tally.outside++;
    continue;
  }
  const responses = found.operation.responses ?? {};
  const documented = responses[String(reply.status)] ?? responses[`${String(reply.status)[0]}XX`] ?? responses.default;
  if (!documented) {
    fail(reply, `status not documented for ${found.operation.operationId}`);
    continue;
  }
  const content = documented.content ?? {};
  const type = (reply.type ?? '').split(';')[0].trim().toLowerCase();
  if (Object.keys(content).length === 0) {
    if (reply.body)
      fail(reply, `documented without a body, but a ${type || 'typeless'} body came`);
    else
      tally.validated++;
    continue;
  }
  const media = content[type];
  if (!media) {
    fail(reply, `media type "${type}" is not one of ${Object.keys(content).join(', ')}`);
    continue;
  }
  byOperation.set(found.operation.operationId, (byOperation.get(found.operation.operationId) ?? 0) + 1);
  if (!type.endsWith('json') || !media.schema) {
    tally.validated++;
    continue;
  }
  let body;
  try {
    body = JSON.parse(reply.body ?? '');
  } catch {
    fail(reply, 'the body is not JSON');
    continue;
  }
  const validate = validatorFor(`${found.template} ${method} ${reply.status} ${type}`, media.schema);
  if (validate(body)) {
    tally.validated++;
  } else {
    const errors = validate.errors.slice(0, 4).map((e) =>
      `${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`);
    fail(reply, errors.join('; '));
  }
}

const operations = Object.values(contract.paths).flatMap((ops) => methods.filter((m) => ops[m]).map((m) => ops[m].operationId));
const unseen = operations.filter((id) => !byOperation.has(id));
console.log(`replies: ${tally.replies}; validated against their schema: ${tally.validated}; ` +
  `failed: ${tally.failed}; to paths outside the contract: ${tally.outside}; ` +
  `operations with a validated reply: ${byOperation.size} of ${operations.length}`);
if (unseen.length)
  console.log(`operations no test reply reached: ${unseen.join(', ')}`);
for (const f of failures)
  console.log(`  ${f}`);
process.exit(tally.failed > 0 || tally.validated === 0 || unseen.length > 0 ? 1 : 0);
