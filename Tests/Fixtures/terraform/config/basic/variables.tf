variable "environment" {
  type    = string
  default = "dev"
}

variable "instance_count" {
  type    = number
  default = 1
}

variable "replicas" {
  type = number
}

variable "owner" {
  type = string
}

variable "zones" {
  type    = list(string)
  default = ["b", "a"]
}

variable "subnets" {
  type = map(object({
    cidr   = string
    public = optional(bool, false)
  }))
  default = {
    app = { cidr = "10.0.1.0/24" }
    web = { cidr = "10.0.2.0/24", public = true }
  }
}

variable "tags" {
  type    = map(string)
  default = { team = "platform" }
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = "hunter2"
}
