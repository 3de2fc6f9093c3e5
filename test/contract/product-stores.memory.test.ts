/**
 * Runs the product stores contract suite against the in-memory adapters.
 * @module
 */
import { MemoryApiKeyStore } from '../../storage/api-key-store.js';
import { MemoryIdentityLinkStore } from '../../storage/identity-link-store.js';
import { MemorySlackInstallationStore } from '../../storage/slack-installation-store.js';
import { MemoryTenantStore } from '../../storage/tenant-store.js';
import { productStoresContractSuite } from './product-stores.suite.js';

productStoresContractSuite({
  name: 'memory',
  create: async (clock, cipher) => ({
    tenants: new MemoryTenantStore({ clock }),
    apiKeys: new MemoryApiKeyStore({ clock }),
    links: new MemoryIdentityLinkStore({ clock }),
    installations: new MemorySlackInstallationStore(cipher),
  }),
});
