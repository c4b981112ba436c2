// Drives a running Patchwire with the official Segment Public API TypeScript SDK (v47), the
// way a user of that SDK would: its own API classes, pointed at BASE_URL, with TOKEN as the
// bearer token. Prints one JSON object of what it saw to stdout; any unexpected failure prints
// the failing step to stderr and exits 1. tests/e2e/test_official_sdk.py asserts on the JSON.
//
//   BASE_URL=http://127.0.0.1:8000 TOKEN=pw_... node flow.mjs

import sdk from '@segment/public-api-sdk-typescript';

const { configureApis } = sdk;

const BASE_URL = process.env.BASE_URL;
const TOKEN = process.env.TOKEN;
const SOURCE_COUNT = 5;
const PAGE_SIZE = 2;

if (!BASE_URL || !TOKEN) {
    process.stderr.write('BASE_URL and TOKEN must be set\n');
    process.exit(2);
}

// The SDK's documented entry point: configureApis(token) builds every API class with the
// bearer token set; each class's `basePath` setter then points it at our host instead of
// api.segmentapis.com.
const apis = configureApis(TOKEN);
for (const api of Object.values(apis)) {
    api.basePath = BASE_URL;
}
const { auditTrail, catalog, labels, sources, workspaces } = apis;

let currentStep = 'start';

// Runs one SDK call and returns [statusCode, data]; the step name says where a failure was.
async function call(step, promise) {
    currentStep = step;
    const { response, body } = await promise;
    return [response.statusCode, body.data];
}

// The SDK is compiled to ES5, where a subclass of Error loses its prototype, so
// `instanceof HttpError` is always false: recognise its rejections by name instead.
function isHttpError(error) {
    return error?.name === 'HttpError' && typeof error.statusCode === 'number';
}

function describeError(error) {
    if (isHttpError(error)) {
        return { kind: 'HttpError', statusCode: error.statusCode, body: error.body };
    }
    return { kind: error?.name ?? typeof error, message: String(error?.message ?? error) };
}

// The fields the Python test asserts on; the catalog metadata is reduced to its id and slug.
function summary(source) {
    return {
        id: source.id,
        slug: source.slug,
        name: source.name,
        enabled: source.enabled,
        workspaceId: source.workspaceId,
        metadata: { id: source.metadata?.id, slug: source.metadata?.slug },
        writeKeys: source.writeKeys,
        settings: source.settings,
        labels: source.labels,
    };
}

function pageOf(data) {
    return {
        ids: data.sources.map((source) => source.id),
        current: data.pagination.current,
        next: data.pagination.next ?? null,
        previous: data.pagination.previous ?? null,
        totalEntries: data.pagination.totalEntries ?? null,
    };
}

async function findSourceMetadataId(slug) {
    let cursor;
    for (let page = 0; page < 50; page += 1) {
        const pagination = cursor === undefined ? { count: 200 } : { count: 200, cursor };
        const [, data] = await call('getSourcesCatalog', catalog.getSourcesCatalog(pagination));
        const hit = data.sourcesCatalog.find((meta) => meta.slug === slug);
        if (hit) {
            return hit.id;
        }
        cursor = data.pagination.next;
        if (!cursor) {
            break;
        }
    }
    throw new Error(`the source catalog has no '${slug}' source`);
}

// Follows `next` from the first page to the last, then `previous` from the last page back to
// the first, recording every page seen on the way.
async function walkSources() {
    const forward = [];
    let cursor;
    for (let guard = 0; guard < 100; guard += 1) {
        const pagination = cursor === undefined ? { count: PAGE_SIZE } : { count: PAGE_SIZE, cursor };
        const [, data] = await call('listSources', sources.listSources(pagination));
        forward.push(pageOf(data));
        cursor = data.pagination.next;
        if (!cursor) {
            break;
        }
    }
    const backward = [];
    cursor = forward[forward.length - 1].previous;
    for (let guard = 0; cursor && guard < 100; guard += 1) {
        const [, data] = await call(
            'listSources(previous)',
            sources.listSources({ count: PAGE_SIZE, cursor })
        );
        backward.push(pageOf(data));
        cursor = data.pagination.previous;
    }
    return { forward, backward };
}

async function main() {
    const run = Math.random().toString(36).slice(2, 8);
    const out = {};

    const [, ws] = await call('getWorkspace', workspaces.getWorkspace());
    out.workspace = ws.workspace;

    const metadataId = await findSourceMetadataId('javascript');
    out.metadataId = metadataId;

    out.created = [];
    for (let i = 0; i < SOURCE_COUNT; i += 1) {
        const [status, data] = await call(
            'createSource',
            sources.createSource({ slug: `e2e-${run}-${i}`, enabled: true, metadataId })
        );
        out.created.push({ status, source: summary(data.source) });
    }
    const sourceId = out.created[0].source.id;

    out.pages = await walkSources();

    const [, got] = await call('getSource', sources.getSource(sourceId));
    out.got = { source: summary(got.source), trackingPlanId: got.trackingPlanId };

    const [, updated] = await call(
        'updateSource',
        sources.updateSource(sourceId, { name: `Renamed ${run}`, enabled: false })
    );
    out.updated = summary(updated.source);

    const first = { key: 'env', value: `e2e-${run}`, description: 'made by flow.mjs' };
    const second = { key: 'team', value: `e2e-${run}` };
    const [labelStatus, created] = await call(
        'createLabel',
        labels.createLabel({ label: first })
    );
    out.createLabel = { status: labelStatus, label: created.label };
    await call('createLabel', labels.createLabel({ label: second }));

    const [, added] = await call(
        'addLabelsToSource',
        sources.addLabelsToSource(sourceId, { labels: [{ key: first.key, value: first.value }] })
    );
    out.addedLabels = added.labels;
    const [, replaced] = await call(
        'replaceLabelsInSource',
        sources.replaceLabelsInSource(sourceId, {
            labels: [{ key: second.key, value: second.value }],
        })
    );
    out.replacedLabels = replaced.labels;
    const [, afterLabels] = await call('getSource', sources.getSource(sourceId));
    out.labelsAfterReplace = afterLabels.source.labels;

    const [, listed] = await call('listLabels', labels.listLabels());
    out.listedLabels = listed.labels;

    const [, withKey] = await call(
        'createWriteKeyForSource',
        sources.createWriteKeyForSource(sourceId)
    );
    out.writeKeysAfterCreate = withKey.source.writeKeys;
    const newKey = withKey.source.writeKeys[withKey.source.writeKeys.length - 1];
    out.removedWriteKey = newKey;
    const [, removedKey] = await call(
        'removeWriteKeyFromSource',
        sources.removeWriteKeyFromSource(sourceId, newKey)
    );
    out.removeWriteKeyStatus = removedKey.status;
    const [, afterKey] = await call('getSource', sources.getSource(sourceId));
    out.writeKeysAfterRemove = afterKey.source.writeKeys;

    const [, settings] = await call(
        'listSchemaSettingsInSource',
        sources.listSchemaSettingsInSource(sourceId)
    );
    out.schemaSettings = settings;
    const [, newSettings] = await call(
        'updateSchemaSettingsInSource',
        sources.updateSchemaSettingsInSource(sourceId, {
            track: { allowUnplannedEvents: false, commonEventOnViolations: 'BLOCK' },
        })
    );
    out.updatedSchemaSettings = newSettings;

    const [, connected] = await call(
        'listConnectedDestinationsFromSource',
        sources.listConnectedDestinationsFromSource(sourceId, { count: 10 })
    );
    out.connectedDestinations = connected.destinations;

    const [, audit] = await call(
        'listAuditEvents',
        auditTrail.listAuditEvents({ count: 200 })
    );
    out.auditEvents = audit.events;

    const [, deleted] = await call('deleteSource', sources.deleteSource(sourceId));
    out.deleteSourceStatus = deleted.status;
    for (const label of [first, second]) {
        const [, gone] = await call('deleteLabel', labels.deleteLabel(label.key, label.value));
        out.deleteLabelStatus = gone.status;
    }

    currentStep = 'getSource(deleted)';
    try {
        await sources.getSource(sourceId);
        out.deletedGet = { statusCode: 200 };
    } catch (error) {
        if (!isHttpError(error)) {
            throw error;
        }
        out.deletedGet = { statusCode: error.statusCode, body: error.body };
    }

    return out;
}

try {
    const out = await main();
    process.stdout.write(`${JSON.stringify(out)}\n`);
} catch (error) {
    process.stderr.write(`${JSON.stringify({ step: currentStep, error: describeError(error) })}\n`);
    process.exit(1);
}
