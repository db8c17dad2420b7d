variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "Web servers"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    description = "SSH from the VPC"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }

  ingress {
    description      = "HTTPS"
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name = "web"
  }
}

resource "aws_db_instance" "main" {
  identifier        = "main"
  engine            = "postgres"
  engine_version    = "16.3"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  username          = "app"
  password          = var.db_password
}

output "security_group_id" {
  value = aws_security_group.web.id
}
