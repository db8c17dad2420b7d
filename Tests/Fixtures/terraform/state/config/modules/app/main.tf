variable "name" {
  type = string
}

variable "environment" {
  type = string
}

resource "terraform_data" "this" {
  input = {
    name        = var.name
    environment = var.environment
    replicas    = 2
  }
}

module "leaf" {
  source = "../leaf"
  count  = 1
  owner  = var.name
}
