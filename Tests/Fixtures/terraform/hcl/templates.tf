variable "servers" {
  type = list(object({
    name = string
    ip   = string
  }))
  default = [
    { name = "web-1", ip = "10.0.1.10" },
    { name = "web-2", ip = "10.0.1.11" },
  ]
}

variable "enable_tls" {
  type    = bool
  default = true
}

locals {
  greeting   = "Hello, ${upper("world")}! Escapes: \"quoted\" \\ \t tab, $${literal} and %%{literal}"
  unicode    = "caf\u00e9 \U0001F600"
  strip      = "a ${"b"~}   c"
  port_label = "port ${var.enable_tls ? 443 : 80}"

  hosts = <<-EOT
    # generated
    %{~for server in var.servers~}
    ${server.name} ${server.ip}
    %{~endfor~}
  EOT

  nginx = <<-CONF
    server {
      listen ${var.enable_tls ? 443 : 80}%{if var.enable_tls} ssl%{endif};
      %{if var.enable_tls~}
      ssl_certificate /etc/ssl/cert.pem;
      %{else~}
      # plain http
      %{endif~}
      location / {
        proxy_pass http://backend;
      }
    }
  CONF

  literal_heredoc = <<EOT
  kept as is, with ${length(var.servers)} servers
EOT
}

resource "terraform_data" "rendered" {
  input = {
    hosts    = local.hosts
    nginx    = local.nginx
    greeting = local.greeting
  }
}

output "names" {
  value = var.servers[*].name
}

output "legacy" {
  value = var.servers.0.ip
}

output "upper_names" {
  value = [for s in var.servers : upper(s.name)]
}
