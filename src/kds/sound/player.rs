//! Playing the chime through rodio (feature `sound`). One dedicated std thread
//! opens the default output device once and owns it for the display's life
//! (rodio's sink is not `Send`, and opening a device is slow); the display sends
//! it [`Msg`]s over a channel and never waits for audio.

use std::io::Cursor;
use std::sync::mpsc;
use std::time::Duration;

use rodio::{Decoder, DeviceSinkBuilder, MixerDeviceSink, Player};

use crate::kds::event::ChimeKind;

static NEW_ORDER: &[u8] = include_bytes!("../../../sounds/new-order.wav");
static CANCEL: &[u8] = include_bytes!("../../../sounds/cancel.wav");

/// How long opening the device may take before we settle for the bell.
const OPEN_TIMEOUT: Duration = Duration::from_secs(3);

/// What the display asks of the audio thread.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Msg {
    Play(ChimeKind),
    Stop,
}

/// The display's end of the audio thread. Dropping it ends the thread and
/// closes the device.
#[derive(Debug)]
pub(crate) struct DevicePlayer {
    tx: mpsc::Sender<Msg>,
}

impl DevicePlayer {
    /// Open the default output device on a new thread. `Err` says why there is
    /// no device (the caller falls back to the terminal bell).
    pub(crate) fn open() -> Result<DevicePlayer, String> {
        let (tx, rx) = mpsc::channel();
        let (ready_tx, ready_rx) = mpsc::sync_channel(1);
        std::thread::Builder::new()
            .name("kds-chime".into())
            .spawn(move || serve(&rx, &ready_tx))
            .map_err(|e| format!("cannot start the audio thread: {e}"))?;
        match ready_rx.recv_timeout(OPEN_TIMEOUT) {
            Ok(Ok(())) => Ok(DevicePlayer { tx }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err("the audio device did not open in time".into()),
        }
    }

    /// Hand a message to the audio thread; `false` if the thread is gone.
    pub(crate) fn send(&self, msg: Msg) -> bool {
        self.tx.send(msg).is_ok()
    }
}

fn open_device() -> Result<MixerDeviceSink, String> {
    let builder = DeviceSinkBuilder::from_default_device().map_err(|e| e.to_string())?;
    let mut sink = builder
        .with_error_callback(|e| tracing::warn!(error = %e, "audio stream error"))
        .open_sink_or_fallback()
        .map_err(|e| e.to_string())?;
    // the default would print to stderr over the kitchen display on exit
    sink.log_on_drop(false);
    Ok(sink)
}

/// Decode one of the committed sounds (compiled in, so no file to lose).
pub(crate) fn source(kind: ChimeKind) -> Result<Decoder<Cursor<&'static [u8]>>, String> {
    let bytes = match kind {
        ChimeKind::NewOrder => NEW_ORDER,
        ChimeKind::Cancelled => CANCEL,
    };
    Decoder::new(Cursor::new(bytes)).map_err(|e| e.to_string())
}

fn serve(rx: &mpsc::Receiver<Msg>, ready: &mpsc::SyncSender<Result<(), String>>) {
    // ALSA prints its complaints (no card, unknown PCM) to stderr, which is the
    // kitchen display's terminal; on this thread they go to a buffer instead.
    #[cfg(target_os = "linux")]
    let alsa_text = alsa::Output::local_error_handler().ok();
    let opened = open_device();
    #[cfg(target_os = "linux")]
    if let Some(buf) = alsa_text {
        let text = buf.borrow().to_string();
        if !text.is_empty() {
            tracing::debug!(alsa = %text.trim(), "ALSA said while opening the device");
        }
    }
    let sink = match opened {
        Ok(s) => s,
        Err(e) => {
            let _ = ready.send(Err(e));
            return;
        }
    };
    let _ = ready.send(Ok(()));
    // the sound playing now; replacing or dropping it stops it
    let mut current: Option<Player> = None;
    while let Ok(msg) = rx.recv() {
        match msg {
            Msg::Play(kind) => match source(kind) {
                Ok(src) => {
                    let player = Player::connect_new(sink.mixer());
                    player.append(src);
                    current = Some(player);
                }
                Err(e) => tracing::warn!(error = %e, "cannot decode the chime"),
            },
            Msg::Stop => current = None,
        }
    }
    drop(current);
}

#[cfg(test)]
mod tests {
    use super::*;
    use rodio::Source;

    #[test]
    fn committed_sounds_decode_to_the_generated_samples() {
        let src = source(ChimeKind::NewOrder).expect("decodes");
        assert_eq!(src.channels().get(), 1);
        assert_eq!(src.sample_rate().get(), super::super::synth::SAMPLE_RATE);
        let n = src.count();
        assert_eq!(n, super::super::synth::new_order().len());
        assert!(source(ChimeKind::Cancelled).is_ok());
    }
}
