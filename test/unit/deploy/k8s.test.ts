/**
 * The Kubernetes manifests (deploy/k8s) agree with the configuration: probes on /health and /ready,
 * ports as configured, every variable they set is one the config schema reads, every credential comes
 * from a Secret, the restrictive securityContext, and a termination grace longer than the drain.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CONFIG_DEFAULTS, CONFIG_VARIABLES, loadConfig } from '../../../src/config.ts';

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML; the assertions check its shape.
type Yaml = any;
type Doc = { kind: string; metadata: { name: string }; spec?: Yaml; data?: Record<string, string> };
const dir = join(import.meta.dirname, '../../../deploy/k8s');
const docs: Doc[] = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as Doc));
const find = (kind: string, name: string) => {
  const doc = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (!doc) throw new Error(`no ${kind} ${name} in deploy/k8s`);
  return doc;
};
const deployment = find('Deployment', 'spaces-subgraph');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const configMap = find('ConfigMap', 'spaces-subgraph').data!;
const CREDENTIALS = ['BOOMI_API_TOKEN', 'INBOUND_SHARED_SECRET', 'METRICS_TOKEN', 'REDIS_URL'];

describe('deploy/k8s', () => {
  it('sets only variables of the config schema', () => {
    const names = [...Object.keys(configMap), ...container.env.map((e: { name: string }) => e.name)];
    for (const name of names) expect(CONFIG_VARIABLES, name).toContain(name);
  });

  it('takes every credential from a Secret, none from the ConfigMap', () => {
    for (const name of CREDENTIALS) {
      const entry = container.env.find((e: { name: string }) => e.name === name);
      expect(entry?.valueFrom?.secretKeyRef?.key, name).toBe(name);
      expect(configMap[name], name).toBeUndefined();
    }
    const secret = find('Secret', 'spaces-subgraph-secrets');
    expect(Object.keys((secret as Yaml).stringData).sort()).toEqual([...CREDENTIALS].sort());
  });

  it('probes /health and /ready on the configured port; the Service targets the container ports', () => {
    const ports = Object.fromEntries(container.ports.map((p: Yaml) => [p.name, p.containerPort]));
    expect(ports.http).toBe(Number(configMap.PORT ?? CONFIG_DEFAULTS.port));
    expect(ports.metrics).toBe(Number(configMap.METRICS_PORT));
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    const service = find('Service', 'spaces-subgraph');
    for (const port of service.spec.ports) expect(Object.keys(ports)).toContain(port.targetPort);
  });

  it('terminates later than the drain grace and runs locked down', () => {
    const graceMs = Number(configMap.SHUTDOWN_GRACE_MS ?? CONFIG_DEFAULTS.http.shutdownGraceMs);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(graceMs);
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits).toBeDefined();
  });

  it("leaves room above the image's heap cap within the memory limit (off-heap buffers, code, stacks)", () => {
    const dockerfile = readFileSync(join(import.meta.dirname, '../../../Dockerfile'), 'utf8');
    const heapMiB = Number(/NODE_OPTIONS="[^"]*--max-old-space-size=(\d+)/.exec(dockerfile)?.[1]);
    const limit = /^(\d+)Mi$/.exec(container.resources.limits.memory);
    expect(heapMiB).toBeGreaterThan(0);
    expect(Number(limit?.[1])).toBeGreaterThanOrEqual(1.4 * heapMiB);
  });

  it('has a PDB, an HPA and Redis for the Deployment', () => {
    const labels = deployment.spec.selector.matchLabels;
    expect(find('PodDisruptionBudget', 'spaces-subgraph').spec.selector.matchLabels).toEqual(labels);
    expect(find('HorizontalPodAutoscaler', 'spaces-subgraph').spec.scaleTargetRef).toMatchObject({
      kind: 'Deployment',
      name: 'spaces-subgraph',
    });
    find('Deployment', 'spaces-subgraph-redis');
    find('Service', 'spaces-subgraph-redis');
  });

  it('is a configuration the service accepts (secrets filled in)', () => {
    const env = configMap;
    const config = loadConfig({
      ...env,
      BOOMI_API_TOKEN: 'token',
      INBOUND_SHARED_SECRET: 'a-long-shared-secret-0123456789',
      METRICS_TOKEN: 'a-long-metrics-token-0123456789',
      REDIS_URL: 'redis://spaces-subgraph-redis:6379',
    });
    expect(config.mode).toBe('production');
    expect(config.security.metrics.port).toBe(Number(configMap.METRICS_PORT));
  });
});
