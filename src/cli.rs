//! The command line, as CONTRACT.md fixes it. clap derive only; no logic here.

use crate::domain::OrderNumber;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "maydanoz",
    version,
    about = "WhatsApp ordering and a kitchen display for a döner shop"
)]
pub struct Cli {
    /// Config file (default: $MAYDANOZ_CONFIG, else ./config.toml if present, else built-in defaults)
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Database URL: sqlite://FILE or postgres://… (overrides database.url)
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Webhook server + kitchen display in this terminal (server only without a TTY or with --headless)
    Serve(ServeArgs),
    /// Everything, with simulated customers; no Meta account needed
    Demo(DemoArgs),
    /// Be a WhatsApp customer of a running demo from this terminal
    Chat(ChatArgs),
    /// Manage the menu
    #[command(subcommand)]
    Menu(MenuCmd),
    /// Manage coupons
    #[command(subcommand)]
    Coupon(CouponCmd),
    /// Look at and move orders
    #[command(subcommand)]
    Orders(OrdersCmd),
    /// Stop taking orders (the bot tells customers when you reopen)
    Pause(PauseArgs),
    /// Take orders again after `pause`
    Resume,
    /// Busy mode: add minutes to every quoted ready time (`busy --off` clears it)
    Busy(BusyArgs),
    /// A person answers a customer (through the outbox); without arguments, who is waiting
    Reply(ReplyArgs),
    /// The owner's numbers: sales, what sold, customers, speed of service
    Report(ReportArgs),
    /// Print the effective configuration (secrets hidden)
    Config,
    /// Measure throughput and latency on this machine
    Bench(BenchArgs),
    /// A kitchen display that follows a server over HTTP(S); `kds token` manages its tokens
    Kds(KdsArgs),
    /// Print a shell completion script (e.g. `maydanoz completions bash > /etc/bash_completion.d/maydanoz`)
    Completions {
        /// The shell to complete for
        shell: Shell,
    },
    /// Print the manual page in roff (e.g. `maydanoz man | man -l -`)
    Man,
}

/// The shells `completions` writes for.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct KdsArgs {
    #[command(subcommand)]
    pub cmd: Option<KdsCmd>,
    /// The server's base URL, e.g. https://shop.example.com
    #[arg(long, value_name = "URL")]
    pub connect: Option<String>,
    /// A token from `maydanoz kds token create` on the server. Seen by every user of the
    /// machine (ps, shell history): prefer MAYDANOZ_KDS_TOKEN or --token-file
    #[arg(long, value_name = "TOKEN", conflicts_with = "token_file")]
    pub token: Option<String>,
    /// Read the display token from this file (mode 0600 or stricter); MAYDANOZ_KDS_TOKEN
    /// in the environment works too
    #[arg(long, value_name = "PATH")]
    pub token_file: Option<std::path::PathBuf>,
    /// Show one station's items (or `expo`)
    #[arg(long, value_name = "NAME")]
    pub station: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum KdsCmd {
    /// Tokens of remote displays
    #[command(subcommand)]
    Token(KdsTokenCmd),
    /// Print the board's key map (`[kds.keys]`, for a bump bar)
    Keys,
}

#[derive(Debug, Subcommand)]
pub enum KdsTokenCmd {
    /// Make a token; printed once, alone on the last line
    Create {
        name: String,
        /// Also print the browser board's sign-in link (URL/board#token=…, alone on the last
        /// line) and its QR code; URL is the address tablets reach the server at
        /// (default: server.public_url, else this host and server.bind's port)
        #[arg(long, value_name = "URL", num_args = 0..=1, default_missing_value = "")]
        link: Option<String>,
    },
    /// The tokens' names (never the tokens)
    List {
        #[arg(long)]
        json: bool,
    },
    /// The display with this token gets 401 from now on
    Revoke { name: String },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Listen address (overrides server.bind)
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<String>,
    /// No kitchen display: server only, logs to stderr
    #[arg(long)]
    pub headless: bool,
    /// Accept unsigned webhooks when whatsapp.app_secret is unset (local testing only)
    #[arg(long)]
    pub insecure_no_signature: bool,
    /// Start with a new, empty SQLite database even though an earlier one's lock or WAL
    /// file is still there (without it, serve refuses: the database was probably deleted)
    #[arg(long)]
    pub create: bool,
    /// This terminal's board shows one station's items (or `expo`: whole orders
    /// with each station's progress)
    #[arg(long, value_name = "NAME")]
    pub station: Option<String>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Simulated customers ordering at once
    #[arg(long, default_value_t = 3)]
    pub customers: u32,
    /// Seconds a simulated customer takes between two messages
    #[arg(long, default_value_t = 2.0)]
    pub pace: f64,
    /// Orders each simulated customer places before it stops (0 = keep ordering)
    #[arg(long, default_value_t = 0)]
    pub orders: u32,
    /// Listen address for the demo server
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// No kitchen display: run the simulation and print what happens
    #[arg(long)]
    pub headless: bool,
    /// Stop after this many seconds (0 = until Ctrl-C or q)
    #[arg(long, default_value_t = 0)]
    pub seconds: u64,
}

#[derive(Debug, Args)]
pub struct ChatArgs {
    /// Your phone number as a customer
    #[arg(long, default_value = "905550000001")]
    pub phone: String,
    /// Your name as WhatsApp shows it
    #[arg(long, default_value = "Misafir")]
    pub name: String,
    /// The running demo
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Complete conversations (greeting to confirmed order) to play
    #[arg(long, default_value_t = 1000)]
    pub conversations: u32,
    /// Customers talking at once
    #[arg(long, default_value_t = 64)]
    pub concurrency: u32,
    /// Raw ingest mode: signed single messages as fast as the server takes them
    #[arg(long)]
    pub ingest: bool,
    /// Messages for --ingest
    #[arg(long, default_value_t = 50000)]
    pub messages: u32,
    /// Steady rate (messages/s) to measure webhook latency under a fixed load (0 = as fast as possible)
    #[arg(long, default_value_t = 0)]
    pub rate: u32,
    /// Open orders to put on a kitchen display subscriber for the memory figure
    #[arg(long, default_value_t = 1000)]
    pub open_orders: u32,
    /// Report mode: fill a scratch database with --report-orders orders over four
    /// months and time `report` for one month and for all of it
    #[arg(long)]
    pub report: bool,
    /// Orders for --report
    #[arg(long, default_value_t = 100_000)]
    pub report_orders: u32,
    /// Print the figures as JSON on standard output (the table goes to standard error)
    #[arg(long)]
    pub json: bool,
    /// Read a table printed by an earlier `bench` (of any build) and print its figures as JSON
    #[arg(long, value_name = "FILE", hide = true)]
    pub figures_of: Option<std::path::PathBuf>,
    /// Write --messages signed single-message webhook bodies (one "signature TAB body" a
    /// line, signed with the bench secret) for scripts/wrk-ingest.sh, and exit
    #[arg(long, value_name = "FILE", hide = true)]
    pub wrk_bodies: Option<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum MenuCmd {
    /// Add a product (the category is created if new)
    Add {
        #[arg(long)]
        category: String,
        #[arg(long)]
        name: String,
        /// 120, 120.5, 120.50 or 120,50
        #[arg(long, allow_hyphen_values = true)]
        price: String,
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Show the menu
    List {
        #[arg(long)]
        json: bool,
    },
    /// Change a price
    Price {
        product: String,
        #[arg(allow_hyphen_values = true)]
        price: String,
    },
    /// Remove a product (past orders keep their lines)
    Remove { product: String },
    /// "86" an item: the bot stops offering it at once
    Unavailable { product: String },
    /// Offer an item again
    Available { product: String },
    /// Upsert a whole menu from a TOML file
    Import { file: PathBuf },
    /// Print the menu as importable TOML
    Export,
}

#[derive(Debug, Subcommand)]
pub enum CouponCmd {
    /// Create a coupon
    Create(CouponCreate),
    /// Show coupons and how often they were used
    List {
        #[arg(long)]
        json: bool,
    },
    /// Stop a coupon from being used
    Disable { code: String },
    /// Allow a disabled coupon again
    Enable { code: String },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("kind").required(true).args(["percent", "amount"])))]
pub struct CouponCreate {
    pub code: String,
    /// Percent off, 1–100
    #[arg(long, allow_hyphen_values = true)]
    pub percent: Option<i64>,
    /// Fixed amount off, e.g. 25 or 25,50
    #[arg(long, allow_hyphen_values = true)]
    pub amount: Option<String>,
    /// Total redemptions allowed ("first 50 customers")
    #[arg(long)]
    pub max_uses: Option<i64>,
    /// Redemptions allowed per customer
    #[arg(long)]
    pub per_customer: Option<i64>,
    /// Smallest subtotal it applies to
    #[arg(long, allow_hyphen_values = true)]
    pub min_order: Option<String>,
    /// Cap on a percent discount
    #[arg(long, allow_hyphen_values = true)]
    pub max_discount: Option<String>,
    /// First day it is valid (YYYY-MM-DD, restaurant time zone)
    #[arg(long)]
    pub starts: Option<String>,
    /// Last day it is valid (YYYY-MM-DD, inclusive)
    #[arg(long)]
    pub expires: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum OrdersCmd {
    /// Recent orders, newest first
    List {
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        json: bool,
        /// How many
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// One order in full
    Show {
        number: OrderNumber,
        #[arg(long)]
        json: bool,
    },
    /// Move an order (the customer is told)
    Status { number: OrderNumber, status: String },
    /// One CSV row per order line for the accountant (UTF-8 with BOM, opens in a spreadsheet)
    Export {
        /// First business day, YYYY-MM-DD
        #[arg(long)]
        from: String,
        /// Last business day, YYYY-MM-DD (included)
        #[arg(long)]
        to: String,
        /// CSV (the only format; accepted for scripts that say it)
        #[arg(long)]
        csv: bool,
    },
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// One business day, YYYY-MM-DD (default: today)
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub day: Option<String>,
    /// First business day of a range, YYYY-MM-DD (with --to)
    #[arg(long, requires = "to")]
    pub from: Option<String>,
    /// Last business day of a range, included (with --from)
    #[arg(long, requires = "from")]
    pub to: Option<String>,
    /// The figures as JSON, money in `_minor` fields
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// One CSV row per business day, and a total row
    #[arg(long)]
    pub csv: bool,
    /// Allow a --from/--to range longer than 366 days
    #[arg(long, requires = "from")]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct PauseArgs {
    /// Resume by itself after this many minutes
    #[arg(long)]
    pub minutes: Option<u32>,
    /// Told to customers
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("busy_what").required(true).args(["minutes", "off"])))]
pub struct BusyArgs {
    /// Minutes added to every quote (1-240)
    #[arg(long)]
    pub minutes: Option<u32>,
    /// Clear busy mode by itself after this many minutes
    #[arg(long = "for", value_name = "MINUTES", requires = "minutes")]
    pub for_minutes: Option<u32>,
    /// Clear busy mode now
    #[arg(long, conflicts_with_all = ["minutes", "for_minutes"])]
    pub off: bool,
}

#[derive(Debug, Args)]
pub struct ReplyArgs {
    /// The customer's WhatsApp number (as on the board: 905551112233; "+90 555…" is fine)
    pub phone: Option<String>,
    /// What to send them (one WhatsApp text message)
    pub text: Option<String>,
    /// Hand PHONE back to the bot instead of sending anything
    #[arg(long)]
    pub done: bool,
    /// The waiting list as JSON
    #[arg(long)]
    pub json: bool,
}
