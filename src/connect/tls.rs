//! TLS for PostgreSQL with rustls, as libpq's `sslmode` asks: `require` encrypts without checking the
//! certificate, `verify-ca` checks it against trusted roots, `verify-full` also checks that it names the host.
use std::path::Path;
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use serde::Serialize;

use super::target::{SslMode, Target};

/// How far the server's certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Checked {
    /// Encrypted, certificate not checked (`require`, `prefer`, `allow`): safe from eavesdroppers only.
    Nothing,
    /// Signed by a trusted root (`verify-ca`, or `require` with an explicit `sslrootcert`, as in libpq).
    Chain,
    /// Signed by a trusted root and naming the host (`verify-full`).
    ChainAndHost,
}

impl Checked {
    pub fn describe(self) -> &'static str {
        match self {
            Checked::Nothing => "certificate not checked",
            Checked::Chain => "certificate chain checked",
            Checked::ChainAndHost => "certificate checked for this host",
        }
    }
}

/// What the handshake settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlsFacts {
    /// `TLSv1.3`.
    pub protocol: String,
    /// `TLS13_AES_256_GCM_SHA384`.
    pub cipher: String,
    pub checked: Checked,
}

impl TlsFacts {
    pub fn of(connection: &rustls::ClientConnection, checked: Checked) -> Self {
        let protocol = connection
            .protocol_version()
            .map_or_else(|| "unknown".to_owned(), |version| format!("{version:?}").replace('_', "."));
        let cipher = connection
            .negotiated_cipher_suite()
            .map_or_else(|| "unknown".to_owned(), |suite| format!("{:?}", suite.suite()));
        Self { protocol, cipher, checked }
    }
}

/// The check a target's `sslmode` (and `sslrootcert`) asks for.
pub fn checked(target: &Target) -> Checked {
    match target.ssl_mode {
        SslMode::VerifyFull => Checked::ChainAndHost,
        SslMode::VerifyCa => Checked::Chain,
        SslMode::Require if target.root_cert.is_some() => Checked::Chain,
        _ => Checked::Nothing,
    }
}

/// The rustls configuration for `target`; an error says why the roots could not be loaded.
pub fn config(target: &Target) -> Result<(Arc<ClientConfig>, Checked), String> {
    let provider = Arc::new(provider());
    let checked = checked(target);
    let verifier: Arc<dyn ServerCertVerifier> = match checked {
        Checked::Nothing => Arc::new(Unchecked(provider.clone())),
        Checked::Chain | Checked::ChainAndHost => {
            let roots = Arc::new(roots(target.root_cert.as_deref())?);
            let webpki = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
                .build()
                .map_err(|error| format!("cannot check certificates: {error}"))?;
            match checked {
                Checked::ChainAndHost => webpki,
                _ => Arc::new(AnyName(webpki)),
            }
        }
    };
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| format!("cannot set up TLS: {error}"))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    // PostgreSQL 17 checks the ALPN name when a client offers one; older servers ignore it.
    config.alpn_protocols = vec![b"postgresql".to_vec()];
    Ok((Arc::new(config), checked))
}

/// rustls's aws-lc-rs provider with the classic key exchanges only (X25519, then P-256 and P-384): the
/// post-quantum hybrid that rustls offers first costs a key generation per handshake that PostgreSQL
/// servers (OpenSSL 3.0 to 3.4) never use.
fn provider() -> CryptoProvider {
    use rustls::crypto::aws_lc_rs::{default_provider, kx_group};
    CryptoProvider { kx_groups: vec![kx_group::X25519, kx_group::SECP256R1, kx_group::SECP384R1], ..default_provider() }
}

/// The name rustls sends and checks: the host name, or the IP address.
pub fn server_name(host: &str) -> Result<ServerName<'static>, String> {
    ServerName::try_from(host.to_owned()).map_err(|_| format!("{host:?} is not a valid TLS server name"))
}

/// Trusted roots: the PEM file `sslrootcert` names, else (or for `system`) the system's store.
fn roots(file: Option<&Path>) -> Result<RootCertStore, String> {
    let mut store = RootCertStore::empty();
    match file.filter(|path| path.as_os_str() != "system") {
        Some(path) => {
            let shown = path.display();
            let certs = CertificateDer::pem_file_iter(path)
                .map_err(|error| format!("cannot read the root certificates in {shown}: {error}"))?;
            for cert in certs {
                let cert = cert.map_err(|error| format!("a certificate in {shown} is broken: {error}"))?;
                store.add(cert).map_err(|error| format!("a certificate in {shown} is unusable: {error}"))?;
            }
            if store.is_empty() {
                return Err(format!("{shown} holds no PEM certificate"));
            }
        }
        None => {
            let found = rustls_native_certs::load_native_certs();
            store.add_parsable_certificates(found.certs);
            if store.is_empty() {
                return Err("the system has no trusted root certificates; name a PEM file with sslrootcert=FILE".into());
            }
        }
    }
    Ok(store)
}

/// Accepts any certificate (libpq's `require`), while still checking that the server holds its key.
#[derive(Debug)]
struct Unchecked(Arc<CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Checks the chain but not the name (`verify-ca`): webpki checks the chain first, so a name mismatch
/// is reported only for a certificate whose chain is good.
#[derive(Debug)]
struct AnyName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.0.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}
