// Issue 4's end-to-end flow with the official SDK: tracking plans (rules in, byte-stable
// out, removal by query string, a connected source), functions (versions, deploy),
// transformations, and IAM (roles, users, invites). Prints one JSON object; exits 1 with
// the failing step on stderr. tests/e2e/test_official_sdk_workspace_config.py asserts on it.

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
const { functions, iamRoles, iamUsers, sources, trackingPlans, transformations } = apis;
let currentStep = 'start';

async function call(step, promise) {
    currentStep = step;
    const { response, body } = await promise;
    return [response.statusCode, body.data];
}

const ORDER_SCHEMA = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: { properties: { type: 'object', required: ['total'], properties: { total: { type: 'number' } } } },
};

async function main() {
    const out = {};
    const [, created] = await call('createSource', sources.createSource(
        { slug: `e2e-ws-${Date.now()}`, enabled: true, metadataId: 'IqDTy1TpoU' }));
    const sourceId = created.source.id;

    const [, plan] = await call('createTrackingPlan',
        trackingPlans.createTrackingPlan({ name: 'Main plan', type: 'LIVE' }));
    const planId = plan.trackingPlan.id;
    await call('replaceRulesInTrackingPlan', trackingPlans.replaceRulesInTrackingPlan(planId, {
        rules: [
            { type: 'TRACK', key: 'Order Completed', jsonSchema: ORDER_SCHEMA, version: 1 },
            { type: 'TRACK', key: 'Signed Up', jsonSchema: { type: 'object' }, version: 1 },
        ],
    }));
    const [, rules] = await call('listRulesFromTrackingPlan',
        trackingPlans.listRulesFromTrackingPlan(planId, { count: 10 }));
    const order = rules.rules.find((r) => r.key === 'Order Completed');
    out.rulesKeyOrderKept = JSON.stringify(order.jsonSchema) === JSON.stringify(ORDER_SCHEMA);
    await call('removeRulesFromTrackingPlan', trackingPlans.removeRulesFromTrackingPlan(
        planId, [{ type: 'TRACK', key: 'Signed Up', version: 1 }]));
    const [, after] = await call('listRulesFromTrackingPlan(after)',
        trackingPlans.listRulesFromTrackingPlan(planId, { count: 10 }));
    out.rulesAfterRemove = after.rules.map((r) => r.key);
    await call('addSourceToTrackingPlan',
        trackingPlans.addSourceToTrackingPlan(planId, { sourceId }));
    const [, got] = await call('getSource', sources.getSource(sourceId));
    out.sourceTrackingPlanId = got.trackingPlanId === planId;
    await call('deleteTrackingPlan', trackingPlans.deleteTrackingPlan(planId));

    const [, fn] = await call('createFunction', functions.createFunction({
        code: 'async function onRequest(request, settings) {}', displayName: 'Ingest',
        resourceType: 'SOURCE', settings: [],
    }));
    const functionId = fn.function.id;
    await call('updateFunction', functions.updateFunction(functionId, {
        code: 'async function onRequest(request, settings) { return }',
    }));
    const [, listed] = await call('listFunctions', functions.listFunctions({ count: 10 }, 'SOURCE'));
    const [, deployed] = await call('createFunctionDeployment',
        functions.createFunctionDeployment(functionId));
    out.functions = {
        idPrefix: functionId.split('_')[0],
        listed: listed.functions.map((f) => f.id).includes(functionId),
        deployStatus: deployed.functionDeployment.status,
    };
    await call('deleteFunction', functions.deleteFunction(functionId));

    const [, tr] = await call('createTransformation', transformations.createTransformation({
        name: 'Rename', sourceId, enabled: true, if: 'event = "a"', newEventName: 'b',
    }));
    const [, trs] = await call('listTransformations', transformations.listTransformations({ count: 10 }));
    out.transformations = trs.transformations.map((t) => t.id).includes(tr.transformation.id);
    await call('deleteTransformation', transformations.deleteTransformation(tr.transformation.id));

    const [, roles] = await call('listRoles', iamRoles.listRoles({ count: 50 }));
    const [, users] = await call('listUsers', iamUsers.listUsers({ count: 50 }));
    const [inviteStatus] = await call('createInvites', iamUsers.createInvites({
        invites: [{ email: 'new.person@example.com' }],
    }));
    const [, invites] = await call('listInvites', iamUsers.listInvites({ count: 10 }));
    await call('deleteInvites', iamUsers.deleteInvites(['new.person@example.com']));
    out.iam = {
        roles: roles.roles.map((r) => r.name),
        users: users.users.length,
        inviteStatus,
        invites: invites.invites,
    };
    await call('deleteSource', sources.deleteSource(sourceId));
    process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
    const detail = error?.name === 'HttpError'
        ? { statusCode: error.statusCode, body: error.body }
        : { message: String(error?.message ?? error) };
    process.stderr.write(`step ${currentStep} failed: ${JSON.stringify(detail)}\n`);
    process.exit(1);
});
