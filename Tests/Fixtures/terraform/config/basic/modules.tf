module "service" {
  source = "./modules/service"
  count  = 2
  name   = "svc-${count.index}"
}

module "worker" {
  source   = "./modules/service"
  for_each = { small = 1, large = 3 }
  name     = each.key
  size     = each.value
}

module "single" {
  source = "./modules/service"
  name   = "single"
  size   = 4
}

resource "terraform_data" "from_modules" {
  input = [module.single.summary, module.worker["large"].summary, length(module.service)]
}
