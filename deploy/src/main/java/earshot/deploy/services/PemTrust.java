package earshot.deploy.services;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS contexts that trust exactly the CA certificates of a PEM file, for Earshot's own HTTP clients. */
public final class PemTrust {

  private PemTrust() {}

  /**
   * @param pem a file with one or more PEM certificates
   * @param setting the configuration setting that named the file, for error messages
   */
  public static SSLContext sslContext(Path pem, String setting) throws IOException {
    if (!Files.isReadable(pem)) {
      throw new IOException(setting + ": cannot read the CA certificate file " + pem);
    }
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int count = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + count++, certificate);
      }
      if (count == 0) {
        throw new IOException(setting + ": no certificate in " + pem);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(setting + ": " + pem + " is not a usable PEM certificate: " + e.getMessage(), e);
    }
  }
}
