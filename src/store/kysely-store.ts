/**
 * The whole {@link Store} over one Kysely instance: {@link KyselyRunStore} for pipeline runs, with
 * the ML workspace's operations handed to a {@link KyselyMlStore} on the same database. `close()`
 * (the run store's) destroys that one instance.
 */
import type { Kysely } from 'kysely';
import type { FactoryResourceStore } from './factory-resource-store.js';
import type { IdentityStore } from '../identity/identity.js';
import { KyselyFactoryResourceStore } from './kysely-factory-resource-store.js';
import { KyselyIdentityStore } from './kysely-identity-store.js';
import { KyselyMlStore } from './kysely-ml-store.js';
import { KyselyRunStore, type KyselyRunStoreOptions } from './kysely-run-store.js';
import type { MlWorkspaceStore } from './ml-store.js';
import type { StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import type { Store } from './store.js';

type Ml = MlWorkspaceStore;
type Id = IdentityStore;
type Fr = FactoryResourceStore;

export class KyselyStore extends KyselyRunStore implements Store {
  private readonly ml: KyselyMlStore;
  private readonly identity: KyselyIdentityStore;
  private readonly factoryResources: KyselyFactoryResourceStore;

  constructor(db: Kysely<StoreDatabase>, dialect: StoreDialect, options?: KyselyRunStoreOptions) {
    super(db, dialect, options);
    this.ml = new KyselyMlStore(db, dialect);
    this.identity = new KyselyIdentityStore(db, dialect);
    this.factoryResources = new KyselyFactoryResourceStore(db, dialect);
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
  listExperimentSummaries() {
    return this.ml.listExperimentSummaries();
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

  // Identity (KyselyIdentityStore)
  createUser(...args: Parameters<Id['createUser']>) {
    return this.identity.createUser(...args);
  }
  getUserByName(...args: Parameters<Id['getUserByName']>) {
    return this.identity.getUserByName(...args);
  }
  getUser(...args: Parameters<Id['getUser']>) {
    return this.identity.getUser(...args);
  }
  listUsers(...args: Parameters<Id['listUsers']>) {
    return this.identity.listUsers(...args);
  }
  setUserPassword(...args: Parameters<Id['setUserPassword']>) {
    return this.identity.setUserPassword(...args);
  }
  deleteUser(...args: Parameters<Id['deleteUser']>) {
    return this.identity.deleteUser(...args);
  }
  createServicePrincipal(...args: Parameters<Id['createServicePrincipal']>) {
    return this.identity.createServicePrincipal(...args);
  }
  getServicePrincipalByClientId(...args: Parameters<Id['getServicePrincipalByClientId']>) {
    return this.identity.getServicePrincipalByClientId(...args);
  }
  getServicePrincipal(...args: Parameters<Id['getServicePrincipal']>) {
    return this.identity.getServicePrincipal(...args);
  }
  listServicePrincipals(...args: Parameters<Id['listServicePrincipals']>) {
    return this.identity.listServicePrincipals(...args);
  }
  setServicePrincipalSecret(...args: Parameters<Id['setServicePrincipalSecret']>) {
    return this.identity.setServicePrincipalSecret(...args);
  }
  deleteServicePrincipal(...args: Parameters<Id['deleteServicePrincipal']>) {
    return this.identity.deleteServicePrincipal(...args);
  }
  addRoleAssignment(...args: Parameters<Id['addRoleAssignment']>) {
    return this.identity.addRoleAssignment(...args);
  }
  removeRoleAssignment(...args: Parameters<Id['removeRoleAssignment']>) {
    return this.identity.removeRoleAssignment(...args);
  }
  listRoleAssignments(...args: Parameters<Id['listRoleAssignments']>) {
    return this.identity.listRoleAssignments(...args);
  }
  addSigningKey(...args: Parameters<Id['addSigningKey']>) {
    return this.identity.addSigningKey(...args);
  }
  listSigningKeys(...args: Parameters<Id['listSigningKeys']>) {
    return this.identity.listSigningKeys(...args);
  }
  retireSigningKey(...args: Parameters<Id['retireSigningKey']>) {
    return this.identity.retireSigningKey(...args);
  }

  // Factory resources (KyselyFactoryResourceStore)
  getFactoryResource(...args: Parameters<Fr['getFactoryResource']>) {
    return this.factoryResources.getFactoryResource(...args);
  }
  listFactoryResources(...args: Parameters<Fr['listFactoryResources']>) {
    return this.factoryResources.listFactoryResources(...args);
  }
  putFactoryResource(...args: Parameters<Fr['putFactoryResource']>) {
    return this.factoryResources.putFactoryResource(...args);
  }
  deleteFactoryResource(...args: Parameters<Fr['deleteFactoryResource']>) {
    return this.factoryResources.deleteFactoryResource(...args);
  }
  snapshotFactoryResources(...args: Parameters<Fr['snapshotFactoryResources']>) {
    return this.factoryResources.snapshotFactoryResources(...args);
  }
}
