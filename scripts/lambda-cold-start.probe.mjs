/**
 * One Lambda cold start, in a fresh Node process, against the compiled build (dist/): module load,
 * schema build, first invocation, then a warm one. Run by scripts/measure-cold-start.ts, which sets the
 * environment (local upstreams by AWS_ENDPOINT_URL_*) and prints one JSON line per run.
 */
const started = performance.now();
const { handler } = await import('../dist/server/lambda.js');
const moduleLoadMs = performance.now() - started;

const { buildGatewaySchema } = await import('../dist/schema/build-schema.js');
const schemaStarted = performance.now();
await buildGatewaySchema();
const schemaBuildMs = performance.now() - schemaStarted;

const query =
  '{ analyzeDocument(input: {content: "The tenant shall pay rent monthly under this lease agreement.", documentType: LEGAL, architecture: PARALLEL}) { method bedrock { topic } sagemaker { label } } }';
const event = (id) => ({
  version: '2.0',
  routeKey: 'POST /graphql',
  rawPath: '/graphql',
  rawQueryString: '',
  headers: { 'content-type': 'application/json', host: 'example.execute-api.us-east-1.amazonaws.com' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'example',
    domainName: 'example.execute-api.us-east-1.amazonaws.com',
    domainPrefix: 'example',
    http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'probe' },
    requestId: id,
    routeKey: 'POST /graphql',
    stage: '$default',
    time: new Date().toISOString(),
    timeEpoch: Date.now(),
  },
  body: JSON.stringify({ query }),
  isBase64Encoded: false,
});
const lambdaContext = (id) => ({ awsRequestId: id, functionName: 'probe', getRemainingTimeInMillis: () => 30_000 });

const invoke = async (id) => {
  const at = performance.now();
  const result = await handler(event(id), lambdaContext(id));
  const body = JSON.parse(result.body);
  if (result.statusCode !== 200 || !body.data?.analyzeDocument?.sagemaker)
    throw new Error(`bad answer: ${result.statusCode} ${result.body}`);
  return performance.now() - at;
};
const firstInvocationMs = await invoke('cold-1');
const warmInvocationMs = await invoke('warm-2');
process.stdout.write(
  `${JSON.stringify({ moduleLoadMs, schemaBuildMs, firstInvocationMs, warmInvocationMs, heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20 })}\n`,
);
process.exit(0);
