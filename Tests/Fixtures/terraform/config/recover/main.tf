# Resources that accept and rollback work on (issue 7): literals, a variable default that only
# one resource uses, a variable that several use, an interpolation and a secret.
locals {
  name = "app"
}

resource "terraform_data" "literal" {
  input = {
    region = "eu-west-1" # where it runs
    ports  = [80, 443]
    tags = {
      service = "web"
    }
  }
}

resource "terraform_data" "sized" {
  input = var.size
}

resource "terraform_data" "east" {
  input = var.region
}

resource "terraform_data" "west" {
  input = { region = var.region }
}

resource "terraform_data" "named" {
  input = "${local.name}-web"
}

resource "terraform_data" "secret" {
  input = var.password
}

resource "terraform_data" "zone" {
  for_each = toset(["a", "b"])
  input    = "zone-${each.key}"
}

resource "terraform_data" "doomed" {
  input = "short-lived"
}
