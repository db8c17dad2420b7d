# Root module of the git-drift state fixtures: only the built-in terraform_data resource and
# local modules, so that `terraform init` and `apply` run offline.

variable "environment" {
  type    = string
  default = "staging"
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = "fixture-password-7f3a"
}

locals {
  services = {
    api         = { port = 8080, public = true }
    worker      = { port = 9090, public = false }
    "say \"hi\"" = { port = 7070, public = false }
  }
  network = {
    cidr = "10.0.0.0/16"
    subnets = [
      { name = "a", cidr = "10.0.1.0/24", zones = ["eu-west-1a"] },
      { name = "b", cidr = "10.0.2.0/24", zones = ["eu-west-1b", "eu-west-1c"] },
    ]
  }
}

resource "terraform_data" "counter" {
  count = 2
  input = {
    environment = var.environment
    ordinal     = count.index
  }
}

resource "terraform_data" "service" {
  for_each = local.services
  input = {
    name   = each.key
    port   = each.value.port
    public = each.value.public
  }
}

resource "terraform_data" "network" {
  input = local.network
}

# terraform_data copies `input` into `output` without its sensitivity, so secrets go into
# `triggers_replace`, which is kept as given: one sensitive attribute of an object, one element
# of a tuple, one element of a map, and a whole value marked sensitive.
resource "terraform_data" "database" {
  input = {
    engine  = "postgres"
    network = local.network.cidr
  }
  triggers_replace = {
    environment = var.environment
    password    = var.db_password
  }
}

resource "terraform_data" "token" {
  triggers_replace = [var.environment, var.db_password]
}

resource "terraform_data" "api_keys" {
  triggers_replace = tomap({
    primary   = var.db_password
    secondary = "public-key-value"
  })
}

resource "terraform_data" "credentials" {
  triggers_replace = sensitive({ user = "admin", token = "token-secret-91c2" })
}

data "terraform_remote_state" "previous" {
  backend = "local"
  config = {
    path = "${path.module}/previous.tfstate"
  }
}

module "app" {
  source      = "./modules/app"
  count       = 2
  name        = "app-${count.index}"
  environment = var.environment
}

module "regional" {
  source      = "./modules/app"
  for_each    = toset(["eu", "us"])
  name        = "regional-${each.key}"
  environment = var.environment
}

output "database_id" {
  value = terraform_data.database.id
}
