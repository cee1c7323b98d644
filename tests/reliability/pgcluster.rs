//! A throwaway PostgreSQL server of our own (initdb in a temporary directory, its own port),
//! so a test can stop and start it without touching the server other tests use. Needs the
//! PostgreSQL binaries (`/usr/lib/postgresql/<newest>/bin`) and root, to run them as
//! `postgres` with `runuser`.

use std::path::PathBuf;
use std::process::Command;

use crate::child::free_port;

pub struct PgCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
}

/// The newest installed major version's binaries, as `.ci/run` finds the version.
fn bin_dir() -> Result<PathBuf, String> {
    let mut versions: Vec<u32> = std::fs::read_dir("/etc/postgresql")
        .map_err(|e| format!("/etc/postgresql: {e}"))?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    versions.sort_unstable();
    let v = versions
        .last()
        .ok_or("no PostgreSQL version under /etc/postgresql")?;
    let bin = PathBuf::from(format!("/usr/lib/postgresql/{v}/bin"));
    if bin.join("pg_ctl").exists() {
        Ok(bin)
    } else {
        Err(format!("{} has no pg_ctl", bin.display()))
    }
}

impl PgCluster {
    fn as_postgres(&self, tool: &str, args: &[&str]) -> Result<(), String> {
        let out = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join(tool))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .map_err(|e| format!("runuser {tool}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{tool} {args:?}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    /// initdb (trust on loopback) and start.
    pub fn create() -> Result<PgCluster, String> {
        let dir = tempfile::Builder::new()
            .prefix("mz-pg-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let chown = Command::new("chown")
            .args(["postgres:postgres"])
            .arg(dir.path())
            .status()
            .map_err(|e| e.to_string())?;
        if !chown.success() {
            return Err("cannot give the directory to postgres (not root?)".into());
        }
        let c = PgCluster {
            dir,
            bin: bin_dir()?,
            port: free_port(),
        };
        c.as_postgres(
            "initdb",
            &[
                "-D",
                &c.data(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ],
        )?;
        c.start()?;
        Ok(c)
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    pub fn start(&self) -> Result<(), String> {
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("pg.log").display().to_string();
        self.as_postgres(
            "pg_ctl",
            &["-D", &self.data(), "-o", &opts, "-l", &log, "-w", "start"],
        )
    }

    /// `fast` (a clean restart) or `immediate` (a crash).
    pub fn stop(&self, mode: &str) -> Result<(), String> {
        self.as_postgres("pg_ctl", &["-D", &self.data(), "-m", mode, "-w", "stop"])
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let _ = self.stop("immediate");
    }
}
