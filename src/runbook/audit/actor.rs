//! Who is at the keyboard, from the process environment: the login, the SSH client's address
//! when the session came in over SSH, and the host.

use std::ffi::OsString;

use crate::domain::audit::Actor;

/// The raw values [`Actor`] is made from, gathered apart from the parsing so tests need not
/// touch the process environment.
#[derive(Debug, Clone, Default)]
pub struct ActorEnv {
    pub user: Option<String>,
    pub logname: Option<String>,
    /// `$SSH_CLIENT`: "ADDRESS PORT LOCAL_PORT".
    pub ssh_client: Option<String>,
    /// `$SSH_CONNECTION`: "ADDRESS PORT LOCAL_ADDRESS LOCAL_PORT".
    pub ssh_connection: Option<String>,
    /// `/proc/sys/kernel/hostname`, where there is one.
    pub kernel_hostname: Option<String>,
    pub hostname: Option<String>,
}

impl ActorEnv {
    pub fn from_process() -> Self {
        let var = |name| std::env::var_os(name).map(lossy);
        Self {
            user: var("USER"),
            logname: var("LOGNAME"),
            ssh_client: var("SSH_CLIENT"),
            ssh_connection: var("SSH_CONNECTION"),
            kernel_hostname: std::fs::read_to_string("/proc/sys/kernel/hostname").ok(),
            hostname: var("HOSTNAME"),
        }
    }
}

fn lossy(value: OsString) -> String {
    value.to_string_lossy().into_owned()
}

impl Actor {
    /// The actor of this process.
    pub fn current() -> Self {
        Self::from_env(&ActorEnv::from_process())
    }

    pub fn from_env(env: &ActorEnv) -> Self {
        // Blank counts as unset: `USER=` is what some `sudo` and cron setups leave behind.
        let present = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let first_field = |value: &Option<String>| {
            present(value).and_then(|v| v.split_whitespace().next().map(str::to_string))
        };
        Self {
            user: present(&env.user)
                .or_else(|| present(&env.logname))
                .unwrap_or_else(|| "unknown".into()),
            ssh_client: first_field(&env.ssh_client).or_else(|| first_field(&env.ssh_connection)),
            host: present(&env.kernel_hostname)
                .or_else(|| present(&env.hostname))
                .unwrap_or_else(|| "unknown".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(value: &str) -> Option<String> {
        Some(value.into())
    }

    #[test]
    fn user_ssh_client_and_host_come_from_the_first_source_that_has_them() {
        let env = ActorEnv {
            user: some("alice"),
            logname: some("root"),
            ssh_client: some("10.0.0.5 52144 22"),
            ssh_connection: some("10.9.9.9 1 10.0.0.1 22"),
            kernel_hostname: some("bastion-1\n"),
            hostname: some("other"),
        };
        assert_eq!(
            Actor::from_env(&env),
            Actor {
                user: "alice".into(),
                ssh_client: some("10.0.0.5"),
                host: "bastion-1".into(),
            }
        );
        let fallback = ActorEnv {
            user: some(""),
            logname: some("bob"),
            ssh_connection: some("2001:db8::7 40000 2001:db8::1 22"),
            hostname: some("laptop"),
            ..ActorEnv::default()
        };
        assert_eq!(
            Actor::from_env(&fallback),
            Actor {
                user: "bob".into(),
                ssh_client: some("2001:db8::7"),
                host: "laptop".into(),
            }
        );
    }

    #[test]
    fn nothing_known_is_unknown_and_local_sessions_have_no_client() {
        assert_eq!(
            Actor::from_env(&ActorEnv::default()),
            Actor {
                user: "unknown".into(),
                ssh_client: None,
                host: "unknown".into(),
            }
        );
    }
}
