/**
 * The whole {@link Store} over one Kysely instance: {@link KyselyRunStore} for pipeline runs, with
 * the ML workspace's operations handed to a {@link KyselyMlStore} on the same database. `close()`
 * (the run store's) destroys that one instance.
 */
import type { Kysely } from 'kysely';
import { KyselyMlStore } from './kysely-ml-store.js';
import { KyselyRunStore, type KyselyRunStoreOptions } from './kysely-run-store.js';
import type { MlWorkspaceStore } from './ml-store.js';
import type { StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import type { Store } from './store.js';

type Ml = MlWorkspaceStore;

export class KyselyStore extends KyselyRunStore implements Store {
  private readonly ml: KyselyMlStore;

  constructor(db: Kysely<StoreDatabase>, dialect: StoreDialect, options?: KyselyRunStoreOptions) {
    super(db, dialect, options);
    this.ml = new KyselyMlStore(db, dialect);
  }

  createPublishedPipeline(...args: Parameters<Ml['createPublishedPipeline']>) {
    return this.ml.createPublishedPipeline(...args);
  }
  getPublishedPipeline(...args: Parameters<Ml['getPublishedPipeline']>) {
    return this.ml.getPublishedPipeline(...args);
  }
  listPublishedPipelines(...args: Parameters<Ml['listPublishedPipelines']>) {
    return this.ml.listPublishedPipelines(...args);
  }
  setPublishedPipelineStatus(...args: Parameters<Ml['setPublishedPipelineStatus']>) {
    return this.ml.setPublishedPipelineStatus(...args);
  }
  createEndpoint(...args: Parameters<Ml['createEndpoint']>) {
    return this.ml.createEndpoint(...args);
  }
  getEndpoint(...args: Parameters<Ml['getEndpoint']>) {
    return this.ml.getEndpoint(...args);
  }
  getEndpointByName(...args: Parameters<Ml['getEndpointByName']>) {
    return this.ml.getEndpointByName(...args);
  }
  listEndpoints(...args: Parameters<Ml['listEndpoints']>) {
    return this.ml.listEndpoints(...args);
  }
  addEndpointVersion(...args: Parameters<Ml['addEndpointVersion']>) {
    return this.ml.addEndpointVersion(...args);
  }
  updateEndpoint(...args: Parameters<Ml['updateEndpoint']>) {
    return this.ml.updateEndpoint(...args);
  }
  ensureExperiment(...args: Parameters<Ml['ensureExperiment']>) {
    return this.ml.ensureExperiment(...args);
  }
  listExperiments() {
    return this.ml.listExperiments();
  }
  createMlRun(...args: Parameters<Ml['createMlRun']>) {
    return this.ml.createMlRun(...args);
  }
  getMlRun(...args: Parameters<Ml['getMlRun']>) {
    return this.ml.getMlRun(...args);
  }
  queryMlRuns(...args: Parameters<Ml['queryMlRuns']>) {
    return this.ml.queryMlRuns(...args);
  }
  listStepRuns(...args: Parameters<Ml['listStepRuns']>) {
    return this.ml.listStepRuns(...args);
  }
  getStepRun(...args: Parameters<Ml['getStepRun']>) {
    return this.ml.getStepRun(...args);
  }
  commitMlRun(...args: Parameters<Ml['commitMlRun']>) {
    return this.ml.commitMlRun(...args);
  }
  appendStepMetrics(...args: Parameters<Ml['appendStepMetrics']>) {
    return this.ml.appendStepMetrics(...args);
  }
  findReusableStepRun(...args: Parameters<Ml['findReusableStepRun']>) {
    return this.ml.findReusableStepRun(...args);
  }
  findPreviousStepRun(...args: Parameters<Ml['findPreviousStepRun']>) {
    return this.ml.findPreviousStepRun(...args);
  }
  acquireMlRunLease(...args: Parameters<Ml['acquireMlRunLease']>) {
    return this.ml.acquireMlRunLease(...args);
  }
  renewMlRunLeases(...args: Parameters<Ml['renewMlRunLeases']>) {
    return this.ml.renewMlRunLeases(...args);
  }
  releaseMlRunLease(...args: Parameters<Ml['releaseMlRunLease']>) {
    return this.ml.releaseMlRunLease(...args);
  }
  findOrphanedMlRuns(...args: Parameters<Ml['findOrphanedMlRuns']>) {
    return this.ml.findOrphanedMlRuns(...args);
  }
}
