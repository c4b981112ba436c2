// Issue 3's end-to-end flow with the official SDK: source → destination → subscription →
// filter → warehouse connection → read everything back → delete. Prints one JSON object;
// exits 1 with the failing step on stderr. tests/e2e/test_official_sdk_destinations.py
// asserts on it.
//
//   BASE_URL=http://127.0.0.1:8000 TOKEN=pw_... node flow_destinations.mjs

import sdk from '@segment/public-api-sdk-typescript';

const { BASE_URL, TOKEN } = process.env;
if (!BASE_URL || !TOKEN) {
    process.stderr.write('BASE_URL and TOKEN must be set\n');
    process.exit(2);
}
const apis = sdk.configureApis(TOKEN);
for (const api of Object.values(apis)) {
    api.basePath = BASE_URL;
}
const { catalog, destinationFilters, destinations, sources, warehouses } = apis;
const PAGE = { count: 200 };
let currentStep = 'start';

async function call(step, promise) {
    currentStep = step;
    const { response, body } = await promise;
    return [response.statusCode, body.data];
}

async function statusOf(step, promise) {
    currentStep = step;
    try {
        const { response } = await promise;
        return response.statusCode;
    } catch (error) {
        if (error?.name === 'HttpError') return error.statusCode;
        throw error;
    }
}

async function main() {
    const out = {};
    const [, sourceCatalog] = await call('getSourcesCatalog', catalog.getSourcesCatalog(PAGE));
    const js = sourceCatalog.sourcesCatalog.find((item) => item.slug === 'javascript');
    const [, destinationCatalog] = await call(
        'getDestinationsCatalog', catalog.getDestinationsCatalog(PAGE));
    const webhook = destinationCatalog.destinationsCatalog.find(
        (item) => item.slug === 'actions-webhook');
    const [, warehouseCatalog] = await call('getWarehousesCatalog', catalog.getWarehousesCatalog(PAGE));
    const postgres = warehouseCatalog.warehousesCatalog.find((item) => item.slug === 'postgres');

    const [, created] = await call('createSource', sources.createSource(
        { slug: `e2e-dest-${Date.now()}`, enabled: true, metadataId: js.id }));
    const sourceId = created.source.id;
    const [destStatus, dest] = await call('createDestination', destinations.createDestination(
        { sourceId, metadataId: webhook.id, name: 'Hooks', settings: {} }));
    const destinationId = dest.destination.id;
    out.createDestination = { status: destStatus, metadataSlug: dest.destination.metadata.slug };

    const action = webhook.actions[0];
    const [, sub] = await call('createDestinationSubscription',
        destinations.createDestinationSubscription(destinationId, {
            name: 'Send tracks', actionId: action.id, trigger: 'type = "track"', enabled: true,
            settings: { url: 'https://example.com/hook', method: 'POST' },
        }));
    const subscriptionId = sub.destinationSubscription.id;
    const [, updated] = await call('updateSubscriptionForDestination',
        destinations.updateSubscriptionForDestination(
            destinationId, subscriptionId, { input: { enabled: false } }));
    const [, subs] = await call('listSubscriptionsFromDestination',
        destinations.listSubscriptionsFromDestination(destinationId, { count: 10 }));
    out.subscription = {
        actionSlug: sub.destinationSubscription.actionSlug,
        enabledAfterUpdate: updated.subscription.enabled,
        listed: subs.subscriptions.map((s) => s.id),
        id: subscriptionId,
    };

    const [, filter] = await call('createFilterForDestination',
        destinationFilters.createFilterForDestination(destinationId, {
            sourceId, title: 'Drop tests', if: 'event = "Test"', actions: [{ type: 'DROP' }],
            enabled: true,
        }));
    const [, preview] = await call('previewDestinationFilter',
        destinationFilters.previewDestinationFilter({
            filter: { if: 'event = "Test"', actions: [{ type: 'DROP' }] },
            payload: { type: 'track', event: 'Test' },
        }));
    out.filter = { id: filter.filter.id, previewResult: preview.result };

    const [whStatus, wh] = await call('createWarehouse', warehouses.createWarehouse({
        metadataId: postgres.id,
        settings: {
            host: 'warehouse.example.com', port: 5432, database: 'analytics',
            username: 'segment', password: 'secret',
        },
    }));
    const warehouseId = wh.warehouse.id;
    const [connectStatus] = await call('addConnectionFromSourceToWarehouse',
        warehouses.addConnectionFromSourceToWarehouse(warehouseId, sourceId));
    const [, connectedSources] = await call('listConnectedSourcesFromWarehouse',
        warehouses.listConnectedSourcesFromWarehouse(warehouseId, { count: 10 }));
    const [, connectedWarehouses] = await call('listConnectedWarehousesFromSource',
        sources.listConnectedWarehousesFromSource(sourceId, { count: 10 }));
    const [, connectedDestinations] = await call('listConnectedDestinationsFromSource',
        sources.listConnectedDestinationsFromSource(sourceId, { count: 10 }));
    const [, gotDestination] = await call('getDestination', destinations.getDestination(destinationId));
    out.warehouse = {
        createStatus: whStatus,
        connectStatus,
        password: wh.warehouse.settings.password,
        connectedSources: connectedSources.sources.map((s) => s.id),
        connectedWarehouses: connectedWarehouses.warehouses.map((w) => w.id),
    };
    out.readBack = {
        connectedDestinations: connectedDestinations.destinations.map((d) => d.id),
        destinationSourceId: gotDestination.destination.sourceId,
    };

    await call('removeFilterFromDestination',
        destinationFilters.removeFilterFromDestination(destinationId, filter.filter.id));
    await call('removeSubscriptionFromDestination',
        destinations.removeSubscriptionFromDestination(destinationId, subscriptionId));
    await call('removeSourceConnectionFromWarehouse',
        warehouses.removeSourceConnectionFromWarehouse(warehouseId, sourceId));
    await call('deleteWarehouse', warehouses.deleteWarehouse(warehouseId));
    await call('deleteDestination', destinations.deleteDestination(destinationId));
    await call('deleteSource', sources.deleteSource(sourceId));
    out.afterDelete = {
        destination: await statusOf('getDestination(deleted)', destinations.getDestination(destinationId)),
        warehouse: await statusOf('getWarehouse(deleted)', warehouses.getWarehouse(warehouseId)),
    };
    out.ids = { sourceId, destinationId, warehouseId };
    process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
    const detail = error?.name === 'HttpError'
        ? { statusCode: error.statusCode, body: error.body }
        : { message: String(error?.message ?? error) };
    process.stderr.write(`step ${currentStep} failed: ${JSON.stringify(detail)}\n`);
    process.exit(1);
});
