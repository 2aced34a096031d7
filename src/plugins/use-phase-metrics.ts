import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';

export interface PhaseMetricsOptions {
  /** Our registry, served on /metrics (the plugin's own endpoint stays off). */
  registry: Registry;
}

/**
 * Durations of the GraphQL phases (parse, validate, context, execute) from
 * `@graphql-yoga/plugin-prometheus`, labelled by operation type only: its operation-name label is
 * unbounded, and the inbound duration by (bounded) name is use-operation-metrics' job.
 */
export function usePhaseMetrics(options: PhaseMetricsOptions): Plugin {
  return usePrometheus({
    registry: options.registry,
    endpoint: false,
    labels: { operationName: false, operationType: true },
    metrics: {
      graphql_envelop_phase_parse: true,
      graphql_envelop_phase_validate: true,
      graphql_envelop_phase_context: true,
      graphql_envelop_phase_execute: true,
      graphql_envelop_request: false,
      graphql_envelop_request_duration: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_error_result: false,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
      graphql_yoga_http_duration: false,
    },
  }) as Plugin;
}
