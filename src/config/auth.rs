//! `[environments.NAME.auth]` (and `alertmanager-auth`): how the console proves itself to an
//! endpoint. A secret is never in the file, only the variable or file holding it; an Azure
//! Monitor workspace's token comes from Azure's credential chain (`azure-scope`).

use std::path::PathBuf;

use serde::Deserialize;
use toml::Spanned;

use super::values::{SpanError, spanned};
use crate::sources::azure::settings::AzureSettings;
use crate::sources::prometheus::settings::{AuthSpec, SecretRef};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct AuthFile {
    bearer_token_env: Option<String>,
    bearer_token_file: Option<PathBuf>,
    basic_user: Option<String>,
    basic_password_env: Option<String>,
    basic_password_file: Option<PathBuf>,
    azure_scope: Option<Spanned<String>>,
}

/// The auth `file` gives; `chain` is the environment's azure block, whose credential settings
/// an `azure-scope` token uses (the chain's defaults without one).
pub(super) fn spec(
    file: Option<&Spanned<AuthFile>>,
    chain: Option<&AzureSettings>,
) -> Result<AuthSpec, SpanError> {
    let Some(file) = file else {
        return Ok(AuthSpec::None);
    };
    let a = file.get_ref();
    let secret = |env: &Option<String>, path: &Option<PathBuf>, what: &str| match (env, path) {
        (Some(name), None) => Ok(Some(SecretRef::Env(name.clone()))),
        (None, Some(path)) => Ok(Some(SecretRef::File(path.clone()))),
        (None, None) => Ok(None),
        (Some(_), Some(_)) => Err(spanned(
            file,
            format!("give the {what} from a variable or a file, not both"),
        )),
    };
    let bearer = secret(&a.bearer_token_env, &a.bearer_token_file, "bearer token")?;
    let password = secret(
        &a.basic_password_env,
        &a.basic_password_file,
        "basic password",
    )?;
    if let Some(scope) = &a.azure_scope {
        if bearer.is_some() || a.basic_user.is_some() || password.is_some() {
            return Err(spanned(
                file,
                "use one of a bearer token, basic auth or azure-scope",
            ));
        }
        return azure(scope, chain);
    }
    match (bearer, &a.basic_user, password) {
        (None, None, None) => Ok(AuthSpec::None),
        (Some(token), None, None) => Ok(AuthSpec::Bearer(token)),
        (None, Some(user), Some(password)) => Ok(AuthSpec::Basic {
            user: user.clone(),
            password,
        }),
        (None, _, _) => Err(spanned(
            file,
            "basic auth needs basic-user and a basic-password-env or -file",
        )),
        (Some(_), _, _) => Err(spanned(
            file,
            "use either a bearer token or basic auth, not both",
        )),
    }
}

/// `azure-scope`: the resource's URL and `/.default`, as Entra ID's client-credentials flow
/// takes it (`https://prometheus.monitor.azure.com/.default` for Azure Monitor).
fn azure(scope: &Spanned<String>, chain: Option<&AzureSettings>) -> Result<AuthSpec, SpanError> {
    if !cfg!(feature = "azure") {
        return Err(spanned(
            scope,
            "this opsconsole was built without Azure support (cargo feature `azure`); rebuild with default features or use another auth",
        ));
    }
    let text = scope.get_ref().trim();
    if !text.starts_with("https://")
        || !text.ends_with("/.default")
        || text.contains(char::is_whitespace)
    {
        return Err(spanned(
            scope,
            format!(
                "azure-scope {text:?}: give the resource's URL and /.default, e.g. https://prometheus.monitor.azure.com/.default"
            ),
        ));
    }
    let chain = chain
        .cloned()
        .unwrap_or_else(|| AzureSettings::new(String::new(), PathBuf::new()));
    Ok(AuthSpec::Azure {
        scope: text.to_string(),
        chain: Box::new(chain),
    })
}
