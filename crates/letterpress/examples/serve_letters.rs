//! A web service that renders letters: `POST /render` with a letter's YAML as the body answers
//! with the PDF (`application/pdf`), or `422` and the errors as JSON, each with its line and
//! column. Requests are served by a pool of threads sharing one `Resources`, in a sandbox
//! (`Env::default()`: the letters of strangers may name bundled letterheads, never a file).
//!
//! ```sh
//! cargo run --release -p letterpress --example serve_letters -- 127.0.0.1:8080
//! curl --data-binary @letter.yaml http://127.0.0.1:8080/render -o letter.pdf
//! # or: start on a free loopback port, send 40 requests from 8 clients, check every answer, stop
//! cargo run -p letterpress --example serve_letters -- --self-test
//! ```

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use letterpress::{load_letter_str, render, Env, Errors, RenderOptions, Resources};
use tiny_http::{Header, Method, Request, Response, Server};

/// The largest request body accepted (a letter is far smaller).
const MAX_BODY: u64 = 1024 * 1024;

/// Render one request's letter into a response.
fn answer(mut req: Request, res: &Resources) {
    if req.method() != &Method::Post || req.url() != "/render" {
        let _ = req.respond(
            Response::from_string("POST a letter's YAML to /render\n").with_status_code(404),
        );
        return;
    }
    let mut yaml = String::new();
    if req
        .as_reader()
        .take(MAX_BODY + 1)
        .read_to_string(&mut yaml)
        .is_err()
        || yaml.len() as u64 > MAX_BODY
    {
        let _ = req.respond(
            Response::from_string("the body must be UTF-8 YAML of at most 1 MiB\n")
                .with_status_code(400),
        );
        return;
    }
    let result = load_letter_str(&yaml, "letter.yaml")
        .map_err(Errors::from)
        .and_then(|letter| render(&letter, &Env::default(), res, &RenderOptions::default()));
    let response = match result {
        Ok(out) => Response::from_data(out.output.pdf)
            .with_header(header("Content-Type", "application/pdf")),
        Err(errors) => Response::from_data(serde_json::to_vec_pretty(&errors).unwrap_or_default())
            .with_status_code(422)
            .with_header(header("Content-Type", "application/json")),
    };
    let _ = req.respond(response);
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|()| unreachable!("a valid header"))
}

/// Serve until the server is unblocked, with `threads` workers sharing `res`.
fn serve(server: &Server, res: &Resources, threads: usize) {
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                for req in server.incoming_requests() {
                    answer(req, res);
                }
            });
        }
    });
}

/// One HTTP/1.0 request on loopback: the status code and the body.
fn post(addr: &str, body: &str) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(addr)?;
    write!(
        stream,
        "POST /render HTTP/1.0\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, raw.get(split + 4..).unwrap_or_default().to_vec()))
}

/// Start on a free port, send good and bad letters from 8 clients at once, check each answer.
fn self_test() -> Result<(), Box<dyn std::error::Error>> {
    let server = Arc::new(Server::http("127.0.0.1:0").map_err(|e| e.to_string())?);
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or("no IP address")?
        .to_string();
    let res = Resources::new();
    std::thread::scope(|s| -> Result<(), String> {
        let srv = server.clone();
        let res = &res;
        let serving = s.spawn(move || serve(&srv, res, 4));
        let clients: Vec<_> = (0..8)
            .map(|c| {
                let addr = addr.clone();
                s.spawn(move || -> Result<(), String> {
                    for i in 0..5 {
                        let good = format!("letterhead: nowak-pr\nrecipient: [Klient {c}-{i}]\nbody: dziękujemy.\n");
                        let (code, body) = post(&addr, &good).map_err(|e| e.to_string())?;
                        if code != 200 || !body.starts_with(b"%PDF-") {
                            return Err(format!("client {c}: {code} for a good letter"));
                        }
                        let (code, body) = post(&addr, "letterhead: /etc/passwd\nrecipient: [A]\nbody: x\n").map_err(|e| e.to_string())?;
                        let json = String::from_utf8_lossy(&body);
                        if code != 422 || !json.contains("reading files is off") || json.contains("root:") {
                            return Err(format!("client {c}: {code} {json}"));
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        let results: Vec<_> = clients
            .into_iter()
            .map(|c| c.join().map_err(|_| "a client panicked".to_string()))
            .collect();
        server.unblock();
        for _ in 0..4 {
            server.unblock();
        }
        serving
            .join()
            .map_err(|_| "the server panicked".to_string())?;
        for r in results {
            r??;
        }
        Ok(())
    })?;
    println!("self-test: 40 letters rendered and 40 refused over HTTP on {addr}");
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arg = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".into());
    if arg == "--self-test" {
        return self_test();
    }
    let server = Server::http(&arg).map_err(|e| e.to_string())?;
    eprintln!("serving letters on http://{arg}/render");
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    serve(&server, &Resources::new(), threads);
    Ok(())
}
