//! What the demo and the benchmark share: a configuration pointed at a local
//! Graph API stand-in, and a database stocked with the sample menu and a coupon.

use crate::config::Config;
use crate::domain::coupon::{Coupon, CouponKind};
use crate::store::{Db, coupons, menu};

/// The sample menu, compiled in so the demo and the benchmark need no files.
pub const SAMPLE_MENU: &str = include_str!("../../menu.sample.toml");

/// The WhatsApp side of a local run.
pub struct Stand {
    pub app_secret: &'static str,
    pub access_token: &'static str,
    pub phone_number_id: &'static str,
    /// Where the Graph API stand-in answers.
    pub api_base_url: String,
    /// The stand-in has no pair limit, and simulated customers type faster than people.
    pub pair_burst: u32,
}

/// `base` pointed at `db_url` and the stand-in, open around the clock.
pub fn config(base: &Config, db_url: &str, stand: &Stand) -> anyhow::Result<Config> {
    let mut cfg = base.clone();
    cfg.database.url = db_url.to_string();
    cfg.whatsapp.app_secret = Some(stand.app_secret.into());
    cfg.whatsapp.verify_token = Some("maydanoz-local".into());
    cfg.whatsapp.access_token = Some(stand.access_token.into());
    cfg.whatsapp.phone_number_id = Some(stand.phone_number_id.into());
    cfg.whatsapp.api_base_url.clone_from(&stand.api_base_url);
    cfg.whatsapp.pair_burst = stand.pair_burst;
    cfg.hours = crate::domain::hours::Hours::always();
    cfg.validate()?;
    Ok(cfg)
}

/// Load the sample menu and a percent coupon in one transaction.
pub async fn stock(db: &Db, coupon: Coupon) -> anyhow::Result<()> {
    let parsed = crate::domain::menu_file::parse(SAMPLE_MENU, "menu.sample.toml")?;
    let mut tx = db.begin().await?;
    menu::import(&mut tx.exec(), &parsed).await?;
    coupons::create(&mut tx.exec(), &coupon, crate::clock::now()).await?;
    tx.commit().await?;
    Ok(())
}

/// A 10 % coupon with the given limits.
pub fn ten_percent(code: &str, max_uses: Option<i64>, per_customer: Option<i64>) -> Coupon {
    let mut c = Coupon::new(code, CouponKind::Percent, 10);
    c.max_uses = max_uses;
    c.per_customer = per_customer;
    c
}
