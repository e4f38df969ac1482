package dev.arca.storage.azure;

import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStoreProvider;

/**
 * {@code provider: azure}. Config keys: {@code container} (required), {@code prefix},
 * {@code endpoint} (the blob service URL; default {@code https://<account>.blob.core.windows.net};
 * Azurite's is {@code http://127.0.0.1:10000/devstoreaccount1}), {@code account} (default:
 * AZURE_STORAGE_ACCOUNT, else the one the endpoint names), and where the credentials are, never
 * the credentials themselves: {@code accountKeyFile} (a file holding the account's shared key)
 * or {@code sasTokenFile} (a file holding a SAS token); without either, the environment variable
 * AZURE_STORAGE_KEY, else AZURE_STORAGE_SAS_TOKEN.
 */
public final class AzureBlobProvider implements ObjectStoreProvider {
    @Override
    public String name() {
        return "azure";
    }

    @Override
    public ObjectStore open(BackupLocationSpec spec) {
        return new AzureBlobObjectStore(AzureSettings.from(spec));
    }
}
