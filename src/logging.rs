//! Where logs go. While the kitchen display owns the terminal, nothing may
//! be written to stdout or stderr: logs go to a file. Headless, they go to stderr.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;

/// Log lines that may wait for the file writer before new ones are dropped. The
/// library's default (128,000) preallocates and touches about 4 MB, an eighth of the
/// kitchen display's whole footprint; a board logs a few lines a minute.
const BUFFERED_LINES: usize = 4096;

/// Keep the returned guard alive for as long as logs should be written.
pub fn init(level: &str, file: Option<&Path>) -> anyhow::Result<Option<WorkerGuard>> {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MAYDANOZ_LOG")
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(level))
        .map_err(|e| anyhow::anyhow!("log.level: {e}"))?;
    match file {
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let name = path
                .file_name()
                .ok_or_else(|| anyhow::anyhow!("log.file: '{}' names no file", path.display()))?;
            std::fs::create_dir_all(dir)
                .map_err(|e| anyhow::anyhow!("log.file: cannot create {}: {e}", dir.display()))?;
            let path = dir.join(name);
            // the log holds phone numbers and names: created for the owner only
            let file = crate::private_file::open_append(&path)
                .map_err(|e| anyhow::anyhow!("log.file: cannot open {}: {e}", path.display()))?;
            let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
                .buffered_lines_limit(BUFFERED_LINES)
                .finish(file);
            let _ = tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_ansi(false)
                .with_writer(writer)
                .try_init();
            Ok(Some(guard))
        }
        None => {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_writer(std::io::stderr)
                .try_init();
            Ok(None)
        }
    }
}
