//! The chime: the project's own sounds (`sounds/`, made by `synth`, a build tool
//! compiled for tests only), played on a dedicated
//! thread that owns the audio device ([`player`], feature `sound`), or the
//! terminal bell when there is no device (SSH, CI, a Pi without speakers) or
//! the feature is off. The bell is not written here: [`Chime::play`] answers
//! "ring the bell", and the run loop writes it through the terminal between
//! frames, so it never lands in the middle of a drawn frame.

#[cfg(feature = "sound")]
pub(crate) mod player;
#[cfg(test)]
mod synth;

use super::event::ChimeKind;

/// Where the chime goes.
#[derive(Debug)]
pub(crate) enum Chime {
    /// The audio thread plays the WAVs.
    #[cfg(feature = "sound")]
    Device(player::DevicePlayer),
    /// No device: the terminal bell.
    Bell,
    /// Sound is switched off in the settings.
    Silent,
}

impl Chime {
    /// Open the audio device if `enabled` (and built with feature `sound`);
    /// otherwise, or when that fails, the bell. Says which once in the log.
    /// Call before the terminal is taken over: a failing audio stack may
    /// write to stderr while it is probed.
    pub(crate) fn open(enabled: bool) -> Chime {
        if !enabled {
            tracing::info!("kitchen display chime is off (kds.sound = false)");
            return Chime::Silent;
        }
        Self::open_device()
    }

    #[cfg(feature = "sound")]
    fn open_device() -> Chime {
        match player::DevicePlayer::open() {
            Ok(p) => {
                tracing::info!("kitchen display chime plays on the default audio device");
                Chime::Device(p)
            }
            Err(error) => {
                tracing::warn!(%error, "no audio device; the chime falls back to the terminal bell");
                Chime::Bell
            }
        }
    }

    #[cfg(not(feature = "sound"))]
    fn open_device() -> Chime {
        tracing::info!("built without feature `sound`; the chime is the terminal bell");
        Chime::Bell
    }

    /// Play `kind`. Returns `true` when the caller must ring the terminal bell
    /// instead (also after the audio thread died, which is logged once).
    pub(crate) fn play(&mut self, kind: ChimeKind) -> bool {
        match self {
            #[cfg(feature = "sound")]
            Chime::Device(p) => {
                if p.send(player::Msg::Play(kind)) {
                    return false;
                }
                tracing::warn!(
                    "the audio thread stopped; the chime falls back to the terminal bell"
                );
                *self = Chime::Bell;
                true
            }
            Chime::Bell => {
                let _ = kind;
                true
            }
            Chime::Silent => false,
        }
    }

    /// Stop a sound still playing (the bell cannot be stopped).
    pub(crate) fn stop(&mut self) {
        #[cfg(feature = "sound")]
        if let Chime::Device(p) = self {
            p.send(player::Msg::Stop);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_device_the_caller_rings_the_bell() {
        let mut c = Chime::Bell;
        assert!(c.play(ChimeKind::NewOrder));
        assert!(c.play(ChimeKind::Cancelled));
        c.stop();
        let mut off = Chime::open(false);
        assert!(
            !off.play(ChimeKind::NewOrder),
            "sound off: not even the bell"
        );
    }
}
