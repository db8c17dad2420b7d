locals {
  environment = "prod"
  tags        = { team = "platform", environment = local.environment }
}

resource "terraform_data" "web" {
  input = {
    image    = "web:1.4.2"
    replicas = var.replicas
    region   = var.region
    tags     = local.tags
  }
}

resource "terraform_data" "queue" {
  count = 2
  input = "orders-${count.index}"
}

module "workers" {
  source   = "./modules/service"
  for_each = toset(["billing", "reports"])
  name     = each.key
}
