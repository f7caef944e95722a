use clap::Parser;

fn main() {
    let cli = leakhound::cli::args::Cli::parse();
    let code = match leakhound::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            leakhound::cli::messages::error(&format!("{err:#}"));
            leakhound::cli::EXIT_ERROR
        }
    };
    std::process::exit(code);
}
